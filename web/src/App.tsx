import { useEffect } from 'preact/hooks';
import type { Role } from '@hindsight/types';
import { route, type Route } from './router';
import { currentProject, loadSession, me, selectProject, sessionError } from './state/session';
import { LoginPage } from './components/LoginPage';
import { Header } from './components/Header';
import { Feed } from './components/Feed';
import { Player } from './components/Player';
import { SettingsPage } from './components/SettingsPage';
import { EventsPage } from './analytics/EventsPage';
import { FunnelsPage } from './analytics/FunnelsPage';
import { HeatmapsPage } from './heatmaps/HeatmapsPage';
import { AccessLogPage } from './access-log/AccessLogPage';
import { PeoplePage } from './people/PeoplePage';
import { ProfilePage } from './people/ProfilePage';
import { DefinitionsPage } from './definitions/DefinitionsPage';
import { canEditDefinitions } from './definitions/permissions';

export function App() {
  const current = route.value;
  if (current.name === 'login') return <LoginPage next={current.next} />;
  return <Dashboard route={current} />;
}

interface DashboardProps {
  route: Exclude<Route, { name: 'login' }>;
}

function Dashboard({ route: current }: DashboardProps) {
  const user = me.value;
  useEffect(() => {
    if (!user) void loadSession();
  }, [user]);

  // A replay, settings or analytics link names its project; the feed and header follow it.
  const linkedProject = 'projectId' in current ? current.projectId : null;
  useEffect(() => {
    if (linkedProject !== null && user?.projects.some((p) => p.id === linkedProject)) selectProject(linkedProject);
  }, [linkedProject, user]);

  // A replay link shows its player while the session is checked: its requests left beside that check,
  // and a 401 from any of them sends to the login page all the same.
  if (!user && (sessionError.value || current.name !== 'replay')) {
    return (
      <div class="splash" role="status">
        {sessionError.value ? <p class="splash-error">{sessionError.value}</p> : <span class="spinner" aria-label="Loading" />}
      </div>
    );
  }

  const project = currentProject.value;
  if (user && current.name === 'settings') {
    const name = user.projects.find((p) => p.id === current.projectId)?.name ?? null;
    return (
      <div class="app">
        <Header me={user} project={project} />
        <SettingsPage key={current.projectId} projectId={current.projectId} projectName={name} />
      </div>
    );
  }

  if (user && isProjectPage(current)) {
    return (
      <div class="app">
        <Header me={user} project={project} />
        <ProjectPage route={current} role={user.projects.find((p) => p.id === current.projectId)?.role ?? null} />
      </div>
    );
  }

  // The player keeps its place in this tree when the session arrives, so it is not mounted again.
  return (
    <div class="app">
      {user ? <Header me={user} project={project} /> : <header class="topbar" />}
      <main class="workspace">
        {!user ? (
          <aside class="feed" aria-label="Replay feed" aria-busy="true" />
        ) : project ? (
          <Feed
            projectId={project.id}
            paused={project.captureStatus === 'paused'}
            openReplayId={current.name === 'replay' ? current.replayId : null}
            filters={current.name === 'feed' ? current.filters : null}
          />
        ) : (
          <aside class="feed feed-none">You are not a member of any project yet. Ask an admin to add you.</aside>
        )}
        <section class="stage-pane">
          {current.name === 'replay' ? (
            <Player
              key={`${current.replayId}:${current.t ?? ''}`}
              replayId={current.replayId}
              projectId={current.projectId}
              t={current.t}
            />
          ) : current.name === 'not-found' ? (
            <div class="pane-message">
              <h2>Page not found</h2>
              <p>Nothing lives at {current.path}. Pick a replay from the list.</p>
            </div>
          ) : (
            <div class="pane-message">
              <h2>Pick a replay</h2>
              <p>Choose a session from the list to watch it here.</p>
            </div>
          )}
        </section>
      </main>
    </div>
  );
}

type ProjectPageRoute = Extract<Route, { name: 'events' | 'funnels' | 'heatmaps' | 'people' | 'person' | 'eventDefinitions' | 'accessLog' }>;

function isProjectPage(route: Route): route is ProjectPageRoute {
  return ['events', 'funnels', 'heatmaps', 'people', 'person', 'eventDefinitions', 'accessLog'].includes(route.name);
}

/** The analytics views; each is keyed by its project so nothing of another project's view lingers. */
function ProjectPage({ route: current, role }: { route: ProjectPageRoute; role: Role | null }) {
  switch (current.name) {
    case 'events':
      return <EventsPage key={current.projectId} projectId={current.projectId} query={current.query} />;
    case 'funnels':
      return <FunnelsPage key={current.projectId} projectId={current.projectId} query={current.query} />;
    case 'heatmaps':
      return <HeatmapsPage key={current.projectId} projectId={current.projectId} query={current.query} />;
    case 'people':
      return <PeoplePage key={current.projectId} projectId={current.projectId} query={current.query} />;
    case 'person':
      return <ProfilePage key={`${current.projectId}/${current.distinctId}`} projectId={current.projectId} distinctId={current.distinctId} />;
    case 'accessLog':
      return <AccessLogPage key={current.projectId} projectId={current.projectId} />;
    case 'eventDefinitions':
      return <DefinitionsPage key={current.projectId} projectId={current.projectId} query={current.query} canEdit={canEditDefinitions(role)} />;
  }
}
