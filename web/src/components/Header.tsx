import type { Me, ProjectInfo } from '@hindsight/types';
import { navigate, route } from '../router';
import { logout, selectProject } from '../state/session';

interface Props {
  me: Me;
  project: ProjectInfo | null;
}

export function Header({ me, project }: Props) {
  const changeProject = (id: number) => {
    selectProject(id);
    // The open replay belongs to the project being left.
    if (route.value.name === 'replay') navigate('/');
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
