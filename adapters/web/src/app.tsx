// The shell: a header with the pages, the language switch and the sign-in state, then the page
// the address names. A 401 from any request brings up the sign-in; on loopback without keys the
// API answers everyone and the sign-in never shows.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, getJson, showReadModelsAsOf, whenUnauthenticated } from './api.js';
import {
  I18nContext,
  i18nFor,
  initialLang,
  keepLang,
  LANGS,
  useI18n,
  type Lang,
  type MessageKey,
} from './i18n.js';
import { AccountPage } from './pages/account.js';
import { LivePage } from './pages/live.js';
import { ManagersPage } from './pages/managers.js';
import { OperatorsPage } from './pages/operators.js';
import { PortfolioPage } from './pages/portfolio.js';
import { PromotionsPage } from './pages/promotions.js';
import { StockPage } from './pages/stock.js';
import { hrefOf, useRoute, type Route } from './router.js';
import { forgetKey, keepAsOf, keepKey, storedAsOf, storedKey } from './session.js';

const LANG_NAMES: Record<Lang, string> = { en: 'English', 'zh-CN': '简体中文' };

const NAV: readonly { readonly route: Route; readonly label: MessageKey }[] = [
  { route: { page: 'portfolio' }, label: 'navPortfolio' },
  { route: { page: 'stock' }, label: 'navStock' },
  { route: { page: 'promotions' }, label: 'navPromotions' },
  { route: { page: 'managers' }, label: 'navManagers' },
  { route: { page: 'live' }, label: 'navLive' },
  { route: { page: 'operators' }, label: 'navOperators' },
];

export const App = () => {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [signedIn, setSignedIn] = useState(() => storedKey() !== undefined);
  const [needsKey, setNeedsKey] = useState(false);
  const [asOf, setAsOf] = useState(() => {
    const kept = storedAsOf();
    showReadModelsAsOf(kept);
    return kept;
  });
  const changeAsOf = (day: string | undefined) => {
    keepAsOf(day);
    showReadModelsAsOf(day);
    setAsOf(day);
  };
  const i18n = useMemo(
    () =>
      i18nFor(lang, (next) => {
        keepLang(next);
        setLang(next);
      }),
    [lang],
  );
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = i18n.t('appName');
  }, [lang]);
  useEffect(() => whenUnauthenticated(() => setNeedsKey(true)), []);
  const route = useRoute();

  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip" href="#main">
        {i18n.t('skipToContent')}
      </a>
      <header class="top">
        <strong class="brand">{i18n.t('appName')}</strong>
        <nav aria-label={i18n.t('navMain')}>
          <ul>
            {NAV.map((item) => (
              <li key={item.label}>
                <a
                  href={hrefOf(item.route)}
                  aria-current={item.route.page === route.page ? 'page' : undefined}
                >
                  {i18n.t(item.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <label class="as-of">
          <span>{i18n.t('asOf')}</span>
          <input
            type="date"
            name="readModelsAsOf"
            value={asOf ?? ''}
            onChange={(event) => changeAsOf((event.target as HTMLInputElement).value || undefined)}
          />
        </label>
        {asOf !== undefined && (
          <button type="button" onClick={() => changeAsOf(undefined)}>
            {i18n.t('today')}
          </button>
        )}
        <label class="lang">
          <span>{i18n.t('language')}</span>
          <select
            value={lang}
            onChange={(event) => i18n.setLang((event.target as HTMLSelectElement).value as Lang)}
          >
            {LANGS.map((each) => (
              <option key={each} value={each} lang={each}>
                {LANG_NAMES[each]}
              </option>
            ))}
          </select>
        </label>
        {signedIn && (
          <button
            type="button"
            onClick={() => {
              forgetKey();
              setSignedIn(false);
              location.reload();
            }}
          >
            {i18n.t('signOut')}
          </button>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {needsKey ? (
          <SignIn
            onSignedIn={() => {
              setSignedIn(true);
              setNeedsKey(false);
            }}
          />
        ) : (
          <Page key={asOf ?? 'today'} route={route} />
        )}
      </main>
    </I18nContext.Provider>
  );
};

const Page = ({ route }: { readonly route: Route }) => {
  switch (route.page) {
    case 'portfolio':
      return <PortfolioPage />;
    case 'account':
      return <AccountPage key={route.accountId} accountId={route.accountId} />;
    case 'stock':
      return <StockPage />;
    case 'promotions':
      return <PromotionsPage />;
    case 'live':
      return <LivePage />;
    case 'managers':
      return <ManagersPage />;
    case 'operators':
      return <OperatorsPage command={route.command} targetId={route.targetId} />;
  }
};

const SignIn = ({ onSignedIn }: { readonly onSignedIn: () => void }) => {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [failed, setFailed] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    keepKey(key.trim());
    try {
      // Any route answers 401 for a key it does not know, and 403 for a known key of another role.
      await getJson('/schemas');
      onSignedIn();
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 403) onSignedIn();
      else setFailed(true);
    }
  };
  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn')}</h1>
      <p>{t('signInHelp')}</p>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          {t('apiKey')}
          <input
            type="password"
            autoComplete="off"
            required
            value={key}
            onInput={(event) => setKey((event.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">{t('signIn')}</button>
        {failed && <p role="alert">{t('signInFailed')}</p>}
      </form>
    </section>
  );
};
