import type { ComponentChildren } from 'preact';
import type { Me, ProjectInfo } from '@hindsight/types';
import { navigate, route } from '../router';
import { projectPagePath, settingsPath } from '../lib/link';
import { logout, selectProject } from '../state/session';

interface Props {
  me: Me;
  project: ProjectInfo | null;
}

export function Header({ me, project }: Props) {
  const current = route.value;
  const changeProject = (id: number) => {
    selectProject(id);
    // The open replay belongs to the project being left; the settings page follows the new one, and so
    // does an analytics view (without its query: the other project has its own events).
    if (current.name === 'replay') navigate('/');
    if (current.name === 'settings') navigate(settingsPath(id));
    if (current.name === 'person') navigate(projectPagePath('people', id));
    if (current.name === 'events' || current.name === 'funnels' || current.name === 'people' || current.name === 'eventDefinitions' || current.name === 'heatmaps') {
      navigate(projectPagePath(current.name, id));
    }
  };

  const logOut = async () => {
    try {
      await logout();
    } finally {
      navigate('/login', { replace: true });
    }
  };

  return (
    <header class="topbar">
      <a
        class="brand"
        href="/"
        onClick={(e) => {
          e.preventDefault();
          navigate('/');
        }}
      >
        <span class="brand-mark" aria-hidden="true" />
        Hindsight
      </a>
      {me.projects.length > 1 ? (
        <label class="project-picker">
          <span class="visually-hidden">Project</span>
          <select
            data-testid="project-picker"
            value={project?.id}
            onChange={(e) => changeProject(Number(e.currentTarget.value))}
          >
            {me.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        project && <span class="project-name">{project.name}</span>
      )}
      {project && (
        <nav class="topbar-nav" aria-label="Sections">
          <NavLink href="/" current={current.name === 'feed' || current.name === 'replay'} testId="nav-replays">
            Replays
          </NavLink>
          <NavLink href={projectPagePath('events', project.id)} current={current.name === 'events'} testId="nav-events">
            Events
          </NavLink>
          <NavLink href={projectPagePath('funnels', project.id)} current={current.name === 'funnels'} testId="nav-funnels">
            Funnels
          </NavLink>
          <NavLink href={projectPagePath('heatmaps', project.id)} current={current.name === 'heatmaps'} testId="nav-heatmaps">
            Heatmaps
          </NavLink>
          <NavLink href={projectPagePath('people', project.id)} current={current.name === 'people' || current.name === 'person'} testId="nav-people">
            People
          </NavLink>
          <NavLink
            href={projectPagePath('eventDefinitions', project.id)}
            current={current.name === 'eventDefinitions'}
            testId="nav-event-definitions"
          >
            Event definitions
          </NavLink>
          <NavLink href={settingsPath(project.id)} current={current.name === 'settings'} testId="nav-settings">
            Settings
          </NavLink>
        </nav>
      )}
      {project?.captureStatus === 'paused' && (
        <a
          class="capture-badge"
          data-testid="header-capture-badge"
          href={settingsPath(project.id)}
          title="No new replays are recorded in this project. Open Settings to resume."
          onClick={(e) => {
            e.preventDefault();
            navigate(settingsPath(project.id));
          }}
        >
          Capture paused
        </a>
      )}
      <span class="topbar-spacer" />
      <span class="topbar-user" title={me.name ?? undefined}>
        {me.email}
      </span>
      <button class="button button-quiet" data-testid="logout" type="button" onClick={logOut}>
        Log out
      </button>
    </header>
  );
}

interface NavLinkProps {
  href: string;
  current: boolean;
  testId: string;
  children: ComponentChildren;
}

function NavLink({ href, current, testId, children }: NavLinkProps) {
  return (
    <a
      class="topbar-link"
      href={href}
      data-testid={testId}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
