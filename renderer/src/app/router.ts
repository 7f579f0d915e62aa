import { useEffect, useState } from 'react';

/** The screens, from the location hash: `#/` home, `#/visit/<id>` the visit room. */
export type Route = { name: 'home' } | { name: 'visit'; visitId: string };

const VISIT = /^#\/(?:visit|video)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** `#/video/<id>` (the live-video engineer's standalone route) now opens the full visit room. */
export function parseRoute(hash: string): Route {
  const m = VISIT.exec(hash);
  return m ? { name: 'visit', visitId: m[1]! } : { name: 'home' };
}

export const visitHref = (visitId: string) => `#/visit/${visitId}`;
export const HOME_HREF = '#/';

export function navigate(href: string): void {
  window.location.hash = href;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
