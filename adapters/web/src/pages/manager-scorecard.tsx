// The managers' scorecard (manager-scorecard): a row per manager × month, what the department
// appraises them on, filtered by a manager and a range of months.
import { useState } from 'preact/hooks';
import { currentAsOf } from '../api.js';
import { columns } from '../bits.js';
import { DataTable } from '../data-table.js';
import { todayIso } from '../format.js';
import { useI18n } from '../i18n.js';

/** YYYY-MM `months` before the month of `iso` (a day or a month). */
const monthsBefore = (iso: string, months: number): string => {
  const date = new Date(`${iso.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString().slice(0, 7);
};

/** A month input's value, or the one before when it is cleared. */
const monthOf = (event: Event, before: string): string => (event.target as HTMLInputElement).value || before;

export const ManagerScorecard = ({ managers }: { readonly managers: readonly string[] }) => {
  const i18n = useI18n();
  const { t } = i18n;
  const c = columns(i18n);
  // The last six months up to the day shown: a half-year's appraisal at a glance.
  const [to, setTo] = useState(() => (currentAsOf() ?? todayIso()).slice(0, 7));
  const [from, setFrom] = useState(() => monthsBefore(to, 5));
  const [managerId, setManagerId] = useState('');
  return (
    <>
      <fieldset class="filters">
        <legend>{t('filters')}</legend>
        <label>
          {t('manager')}{' '}
          <select
            name="scorecardManager"
            value={managerId}
            onChange={(event) => setManagerId((event.target as HTMLSelectElement).value)}
          >
            <option value="">{t('allManagers')}</option>
            {managers.map((each) => (
              <option key={each} value={each}>
                {each}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('fromMonth')}{' '}
          <input
            type="month"
            name="scorecardFrom"
            value={from}
            onChange={(event) => setFrom(monthOf(event, from))}
          />
        </label>
        <label>
          {t('toMonth')}{' '}
          <input type="month" name="scorecardTo" value={to} onChange={(event) => setTo(monthOf(event, to))} />
        </label>
      </fieldset>
      <div data-testid="scorecard">
        <DataTable
          path="/read-models/manager-scorecard"
          query={{ managerId, from, to }}
          defaultSort="-month"
          caption={t('scorecard')}
          fileName="manager-scorecard"
          columns={[
            { key: 'managerId', label: 'manager', sort: 'managerId' },
            { key: 'month', label: 'month', sort: 'month' },
            c.count('accountsHeld', 'accountsHeld'),
            c.count('groupsHeld', 'groupsHeld'),
            c.money('portfolioT12mAmount', 'portfolioT12m', 'portfolioT12mAmount'),
            c.count('tierMovesUp', 'tierMovesUp'),
            c.count('tierMovesDown', 'tierMovesDown'),
            c.percent('slaCompliance', 'slaCompliance'),
            c.percent('visitCadenceKept', 'visitCadenceKept'),
            c.count('averageFeedback', 'averageFeedback', undefined, 2),
            c.count('averageSatisfaction', 'averageSatisfaction', undefined, 2),
            c.count('accountsLost', 'accountsLost'),
          ]}
        />
      </div>
    </>
  );
};
