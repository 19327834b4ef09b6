/**
 * Every page address of the UI and the page file that draws it (one route per address). The pages read their path
 * parameters here and their query strings with `useSearchParams`; each route names its page's title.
 */
import type { ReactNode } from 'react';
import { createRootRoute, createRoute, createRouter, useParams } from '@tanstack/react-router';
import type { OrgType } from '../../src/domain/organisations';
import { ORG_SEGMENT } from './addresses';
import { Root } from './Root';
import { useSearchParams } from './router';
import { Account } from './pages/account/Account';
import { Admin } from './pages/admin/Admin';
import { ConcernsList } from './pages/concerns/ConcernsList';
import { NewConcern } from './pages/concerns/NewConcern';
import { ConcernPage } from './pages/concerns/ConcernPage';
import { Data } from './pages/data/Data';
import { AreaDocuments } from './pages/areas/AreaDocuments';
import { DocumentPage } from './pages/documents/DocumentPage';
import { MeetingPage } from './pages/meetings/MeetingPage';
import { Home } from './pages/home/Home';
import { AreaPage } from './pages/icbs/AreaPage';
import { ImprovementList } from './pages/improvement/ImprovementList';
import { CasePage } from './pages/improvement/CasePage';
import { Inbox, inboxFilterFrom } from './pages/inbox/Inbox';
import { Choosing } from './pages/indicators/Choosing';
import { IndicatorFunnel } from './pages/indicators/IndicatorFunnel';
import { Indicators } from './pages/indicators/Indicators';
import { NotFound } from './pages/not-found/NotFound';
import { OrganisationPage } from './pages/organisations/OrganisationPage';
import { OrganisationRedirect } from './pages/organisations/OrganisationRedirect';
import { AccessContinuity } from './pages/practices/AccessContinuity';
import { PracticePage } from './pages/practices/PracticePage';
import { ProactiveCare } from './pages/practices/ProactiveCare';
import { ProactivePatient } from './pages/practices/ProactivePatient';
import { Themes } from './pages/concerns/Themes';
import { ReferralChoice } from './pages/referral-choice/ReferralChoice';
import { QsgPack } from './pages/reports/QsgPack';
import { PublicHospitals } from './pages/public/PublicHospitals';
import { PublicPractice } from './pages/public/PublicPractice';
import { PublicStart } from './pages/public/PublicStart';
import { SignIn } from './pages/sign-in/SignIn';
import { TierRules } from './pages/tiers/TierRules';
import { TrustPage } from './pages/trusts/TrustPage';

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    /** the page's title before its data says more (an organisation's name): "<title> – Lantern" */
    title?: string;
  }
}

const rootRoute = createRootRoute({ component: Root, notFoundComponent: NotFound });

/** A page at `path` (TanStack's `$name` for a parameter), drawn by `draw` from its parameters and query string. */
function page(
  path: string,
  title: string,
  draw: (params: Record<string, string>, search: URLSearchParams) => ReactNode,
) {
  function Page() {
    const params = useParams({ strict: false }) as Record<string, string>;
    return <>{draw(params, useSearchParams())}</>;
  }
  return createRoute({ getParentRoute: () => rootRoute, path, staticData: { title }, component: Page });
}

/** A numeric id in the address (`/concerns/123`); anything else is no page. */
const byId = (id: string | undefined, draw: (id: number) => ReactNode) =>
  id && /^\d+$/.test(id) ? draw(Number(id)) : <NotFound />;
const flag = (search: URLSearchParams, name: string) => search.get(name) === 'true';

/** The organisation types without a page of their own share one (see pages/organisations/OrganisationPage). */
const ORG_PAGE_TITLE: Record<Exclude<OrgType, 'practice' | 'trust' | 'icb' | 'sub_icb'>, string> = {
  region: 'NHS England region',
  area_team: 'NHS England area team',
  pcn: 'Primary care network',
  trust_site: 'Trust site',
  provider: 'Provider',
  prescribing_setting: 'Prescribing setting',
  country: 'Country',
};

const routes = [
  page('/', 'Find a practice, trust or area', (_, s) => <Home query={s.get('q') ?? ''} />),
  page('/organisations/$code', 'Organisation', (p) => <OrganisationRedirect code={p.code!} />),
  page('/practices/$code', 'GP practice', (p) => <PracticePage code={p.code!} />),
  page('/practices/$code/access-continuity', 'Access and continuity', (p) => (
    <AccessContinuity code={p.code!} />
  )),
  page('/practices/$code/proactive-care', 'Proactive care', (p, s) => (
    <ProactiveCare
      code={p.code!}
      list={s.get('list') === 'high_risk' ? 'high_risk' : 'over75'}
      page={Math.max(1, Math.floor(Number(s.get('page') ?? 1)) || 1)}
    />
  )),
  page('/practices/$code/proactive-care/$id', 'Proactive care: patient', (p) =>
    byId(p.id, (id) => <ProactivePatient code={p.code!} id={id} />),
  ),
  page('/trusts/$code', 'NHS trust', (p) => <TrustPage code={p.code!} />),
  page('/icbs/$code', 'Integrated care board', (p) => <AreaPage code={p.code!} type="icb" />),
  page('/ccgs/$code', 'Sub-ICB location', (p) => <AreaPage code={p.code!} type="sub_icb" />),
  ...Object.entries(ORG_PAGE_TITLE).map(([type, title]) =>
    page(`/${ORG_SEGMENT[type as OrgType]}/$code`, title, (p) => (
      <OrganisationPage code={p.code!} type={type as OrgType} />
    )),
  ),
  page('/indicators', 'Indicators', () => <Indicators />),
  page('/indicators/choosing', 'Choosing indicators', () => <Choosing />),
  page('/indicators/$code', 'Indicator', (p, s) =>
    /^[a-z0-9_]+$/.test(p.code!) ? (
      <IndicatorFunnel
        code={p.code!}
        area={s.get('area')}
        period={s.get('period')}
        adjust={s.get('adjust') === 'casemix'}
        window={Number(s.get('window') ?? 1) || 1}
        group={s.get('group')}
        comparator={s.get('comparator')}
      />
    ) : (
      <NotFound />
    ),
  ),
  page('/tiers/rules', 'How tiers are decided', () => <TierRules />),
  page('/concerns', 'Concerns', (_, s) => (
    <ConcernsList status={s.get('status')} overdue={flag(s, 'overdue')} />
  )),
  page('/concerns/new', 'Record a concern', () => <NewConcern />),
  page('/concerns/themes', 'Themes across concerns', () => <Themes />),
  page('/concerns/$id', 'Concern', (p) => byId(p.id, (id) => <ConcernPage id={id} />)),
  page('/referral-choice', 'Where to refer', (_, s) => <ReferralChoice service={s.get('service')} />),
  page('/reports/qsg', 'QSG pack', () => <QsgPack />),
  page('/inbox', 'Inbox', (_, s) => <Inbox filter={inboxFilterFrom(s)} />),
  page('/improvement', 'Improvement', (_, s) => (
    <ImprovementList overdue={flag(s, 'overdue')} all={s.get('state') === 'all'} />
  )),
  page('/improvement/$id', 'Improvement case', (p) => byId(p.id, (id) => <CasePage id={id} />)),
  page('/public', 'Compare GP practices and hospitals', (_, s) => <PublicStart query={s.get('q') ?? ''} />),
  page('/public/hospitals', 'Compare hospitals', (_, s) => <PublicHospitals query={s.get('q') ?? ''} />),
  page('/public/practices/$code', 'GP practice', (p) => <PublicPractice code={p.code!} />),
  page('/areas/$code/documents', 'Documents', (p, s) => (
    <AreaDocuments code={p.code!.toUpperCase()} q={s.get('q') ?? ''} />
  )),
  page('/documents/$id', 'Document', (p) => byId(p.id, (id) => <DocumentPage id={id} />)),
  page('/meetings/$id', 'Meeting', (p) => byId(p.id, (id) => <MeetingPage id={id} />)),
  page('/data', 'Data loads', () => <Data />),
  page('/sign-in', 'Sign in', (_, s) => <SignIn returnTo={s.get('returnTo') ?? '/'} />),
  page('/account', 'Your account', () => <Account />),
  page('/admin', 'Administration', () => <Admin />),
];

export const router = createRouter({
  routeTree: rootRoute.addChildren(routes),
  // query strings stay plain strings, as the pages read them (TanStack's default would parse them as JSON)
  parseSearch: (search) => Object.fromEntries(new URLSearchParams(search)),
  stringifySearch: (search) => {
    const s = new URLSearchParams(search as Record<string, string>).toString();
    return s ? `?${s}` : '';
  },
});
