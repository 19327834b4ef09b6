import { useEffect, useRef } from 'react';
import { Layout } from './components/Layout';
import { useLocation } from './router';
import { Home } from './pages/Home';
import { Organisation } from './pages/Organisation';
import { Indicators } from './pages/Indicators';
import { Data } from './pages/Data';
import { SignIn } from './pages/SignIn';
import { IndicatorFunnel } from './pages/IndicatorFunnel';
import { TierRules } from './pages/TierRules';
import { Account } from './pages/Account';
import { Admin } from './pages/Admin';
import { SessionProvider } from './session';
import { ConcernsList } from './pages/concerns/ConcernsList';
import { NewConcern } from './pages/concerns/NewConcern';
import { ConcernPage } from './pages/concerns/ConcernPage';
import { Themes } from './pages/concerns/Themes';
import { ReferralChoice } from './pages/referral-choice/ReferralChoice';
import { QsgPack } from './pages/reports/QsgPack';
import { ImprovementList } from './pages/improvement/ImprovementList';
import { CasePage } from './pages/improvement/CasePage';
import { Inbox, inboxFilterFrom } from './pages/Inbox';
import { Choosing } from './pages/Choosing';
import { ProactiveCare } from './pages/practices/ProactiveCare';
import { ProactivePatient } from './pages/practices/ProactivePatient';
import { PublicStart } from './pages/PublicStart';
import { PublicPractice } from './pages/PublicPractice';
import { PublicHospitals } from './pages/PublicHospitals';
import { AccessContinuity } from './pages/AccessContinuity';
import { AreaDocuments } from './pages/areas/AreaDocuments';
import { DocumentPage } from './pages/documents/DocumentPage';
import { MeetingPage } from './pages/meetings/MeetingPage';

function Page({ url }: { url: URL }) {
  const org = /^\/organisations\/([^/]+)$/.exec(url.pathname);
  if (org) return <Organisation code={decodeURIComponent(org[1])} at={url.searchParams.get('at')} />;
  if (url.pathname === '/indicators') return <Indicators />;
  if (url.pathname === '/indicators/choosing') return <Choosing />;
  const ind = /^\/indicators\/([a-z0-9_]+)$/.exec(url.pathname);
  if (ind)
    return (
      <IndicatorFunnel
        code={ind[1]!}
        area={url.searchParams.get('area')}
        period={url.searchParams.get('period')}
        adjust={url.searchParams.get('adjust') === 'casemix'}
        window={Number(url.searchParams.get('window') ?? 1) || 1}
        group={url.searchParams.get('group')}
        comparator={url.searchParams.get('comparator')}
      />
    );
  if (url.pathname === '/tiers/rules') return <TierRules />;
  if (url.pathname === '/concerns')
    return (
      <ConcernsList
        status={url.searchParams.get('status')}
        overdue={url.searchParams.get('overdue') === 'true'}
      />
    );
  if (url.pathname === '/concerns/new') return <NewConcern />;
  if (url.pathname === '/concerns/themes') return <Themes />;
  const concern = /^\/concerns\/(\d+)$/.exec(url.pathname);
  if (concern) return <ConcernPage id={Number(concern[1])} />;
  if (url.pathname === '/referral-choice')
    return <ReferralChoice service={url.searchParams.get('service')} />;
  if (url.pathname === '/reports/qsg') return <QsgPack />;
  if (url.pathname === '/inbox') return <Inbox filter={inboxFilterFrom(url.searchParams)} />;
  if (url.pathname === '/improvement')
    return (
      <ImprovementList
        overdue={url.searchParams.get('overdue') === 'true'}
        all={url.searchParams.get('state') === 'all'}
      />
    );
  const improvementCase = /^\/improvement\/(\d+)$/.exec(url.pathname);
  if (improvementCase) return <CasePage id={Number(improvementCase[1])} />;
  const care = /^\/practices\/([^/]+)\/proactive-care(?:\/(\d+))?$/.exec(url.pathname);
  if (care) {
    const code = decodeURIComponent(care[1]!);
    if (care[2]) return <ProactivePatient code={code} id={Number(care[2])} />;
    return (
      <ProactiveCare
        code={code}
        list={url.searchParams.get('list') === 'high_risk' ? 'high_risk' : 'over75'}
        page={Math.max(1, Math.floor(Number(url.searchParams.get('page') ?? 1)) || 1)}
      />
    );
  }
  const accessContinuity = /^\/practices\/([^/]+)\/access-continuity$/.exec(url.pathname);
  if (accessContinuity) return <AccessContinuity code={decodeURIComponent(accessContinuity[1]!)} />;
  if (url.pathname === '/public') return <PublicStart query={url.searchParams.get('q') ?? ''} />;
  if (url.pathname === '/public/hospitals')
    return <PublicHospitals query={url.searchParams.get('q') ?? ''} />;
  const publicPractice = /^\/public\/practices\/([^/]+)$/.exec(url.pathname);
  if (publicPractice) return <PublicPractice code={decodeURIComponent(publicPractice[1]!)} />;
  const areaDocuments = /^\/areas\/([^/]+)\/documents$/.exec(url.pathname);
  if (areaDocuments)
    return (
      <AreaDocuments
        code={decodeURIComponent(areaDocuments[1]!).toUpperCase()}
        q={url.searchParams.get('q') ?? ''}
      />
    );
  const documentPage = /^\/documents\/(\d+)$/.exec(url.pathname);
  if (documentPage) return <DocumentPage id={Number(documentPage[1])} />;
  const meetingPage = /^\/meetings\/(\d+)$/.exec(url.pathname);
  if (meetingPage) return <MeetingPage id={Number(meetingPage[1])} />;
  if (url.pathname === '/data') return <Data />;
  if (url.pathname === '/sign-in') return <SignIn returnTo={url.searchParams.get('returnTo') ?? '/'} />;
  if (url.pathname === '/account') return <Account />;
  if (url.pathname === '/admin') return <Admin />;
  if (url.pathname === '/') return <Home query={url.searchParams.get('q') ?? ''} />;
  return (
    <>
      <h1>Page not found</h1>
      <p className="nhsuk-body">
        There is nothing at {url.pathname}. <a href="/">Go to the search page</a>.
      </p>
    </>
  );
}

export function App() {
  const url = useLocation();
  const first = useRef(true);
  useEffect(() => {
    // after navigating within the app, focus moves to the new page's content (for screen readers); on the first load
    // it stays at the top of the document, so that the first Tab reaches the skip link
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main-content')?.focus({ preventScroll: true });
  }, [url.pathname]);
  return (
    <SessionProvider>
      <Layout>
        <Page url={url} />
      </Layout>
    </SessionProvider>
  );
}
