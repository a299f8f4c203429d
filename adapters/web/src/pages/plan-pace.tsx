// Account 360's plan pace (account-plan): per plan year, the revenue to date against the target,
// the share achieved against the share of the year gone, and whether the account is on pace.
import { columns } from '../bits.js';
import { DataTable } from '../data-table.js';
import { useI18n } from '../i18n.js';

export const PlanPace = ({ accountId }: { readonly accountId: string }) => {
  const i18n = useI18n();
  const { t } = i18n;
  const c = columns(i18n);
  return (
    <div data-testid="plan-pace">
      <DataTable
        path="/read-models/account-plan"
        query={{ accountId }}
        caption={t('planPaceTitle')}
        fileName={`plan-pace-${accountId}`}
        limit={10}
        columns={[
          { key: 'year', label: 'planYear' },
          c.money('revenueTargetAmount', 'revenueTarget'),
          c.money('revenueToDateAmount', 'revenueToDate'),
          { key: 'revenueThrough', label: 'revenueThrough' },
          c.percent('shareAchieved', 'shareAchieved', 'shareAchieved'),
          c.percent('expectedShare', 'expectedShare'),
          {
            key: 'onPace',
            label: 'onPace',
            render: (row) => (
              <span class={row['onPace'] === true ? 'pace on' : 'pace behind'}>
                {row['onPace'] === true ? t('onPaceYes') : t('onPaceNo')}
              </span>
            ),
          },
          c.money('gapToTargetAmount', 'gapToTarget', 'gapToTargetAmount'),
          {
            key: 'skusBehindPace',
            label: 'skusBehindPace',
            render: (row) =>
              Array.isArray(row['skusBehindPace']) && row['skusBehindPace'].length > 0
                ? row['skusBehindPace'].join(', ')
                : '–',
          },
          c.percent('promotionBudgetUsed', 'promotionBudgetUsed'),
        ]}
      />
    </div>
  );
};
