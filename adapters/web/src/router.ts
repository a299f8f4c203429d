// Hash routes (#/accounts/acc-0001): the server serves one index.html and the API keeps every
// other path, so a page's address never collides with a route of the API.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { readonly page: 'portfolio' }
  | { readonly page: 'account'; readonly accountId: string }
  | { readonly page: 'stock' }
  | { readonly page: 'promotions' }
  | { readonly page: 'live' }
  | { readonly page: 'managers' }
  | { readonly page: 'operators'; readonly command?: string; readonly targetId?: string };

export const routeOf = (hash: string): Route => {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').map(decodeURIComponent);
  const targetId = new URLSearchParams(search).get('id') ?? undefined;
  switch (parts[0]) {
    case 'accounts':
      return parts[1] ? { page: 'account', accountId: parts[1] } : { page: 'portfolio' };
    case 'stock':
      return { page: 'stock' };
    case 'promotions':
      return { page: 'promotions' };
    case 'live':
      return { page: 'live' };
    case 'managers':
      return { page: 'managers' };
    case 'operators':
      return { page: 'operators', command: parts[1] || undefined, targetId };
    default:
      return { page: 'portfolio' };
  }
};

export const hrefOf = (route: Route): string => {
  switch (route.page) {
    case 'account':
      return `#/accounts/${encodeURIComponent(route.accountId)}`;
    case 'operators': {
      const path =
        route.command === undefined ? '#/operators' : `#/operators/${encodeURIComponent(route.command)}`;
      return route.targetId === undefined ? path : `${path}?id=${encodeURIComponent(route.targetId)}`;
    }
    case 'portfolio':
      return '#/';
    default:
      return `#/${route.page}`;
  }
};

export const accountHref = (accountId: string): string => hrefOf({ page: 'account', accountId });

export const useRoute = (): Route => {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const changed = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
};
