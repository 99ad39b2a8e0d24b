import { useEffect, useMemo } from 'preact/hooks';
import { projectPagePath } from '../lib/link';
import { navigate } from '../router';
import { SettingsModel } from '../state/settings';
import { CapturePanel } from './CapturePanel';
import { ImportSecretPanel } from './ImportSecretPanel';
import { InstallPanel } from './InstallPanel';
import { ReplaySettingsForm } from './ReplaySettingsForm';
import { QuotaPanel } from './QuotaPanel';
import { RetentionPanel } from './RetentionPanel';

interface Props {
  projectId: number;
  /** Null when the signed-in user is not a member: the server's answer then says so. */
  projectName: string | null;
}

/** A project's capture status, replay settings, retention, install snippet and (admins) import secret. App keys it by project. */
export function SettingsPage({ projectId, projectName }: Props) {
  const model = useMemo(() => new SettingsModel(projectId), []);
  useEffect(() => {
    void model.load();
    return () => model.destroy();
  }, []);

  const status = model.status.value;
  return (
    <main class="settings-page" data-testid="settings-page">
      <div class="settings-column">
        <h1 class="settings-title">
          Settings{projectName && <span class="muted"> · {projectName}</span>}
        </h1>
        {status === 'loading' && <span class="spinner" aria-label="Loading" />}
        {status === 'error' && (
          <p class="settings-error" data-testid="settings-error" role="alert">
            {model.loadError.value}
          </p>
        )}
        {status === 'ready' && model.saved.value && (
          <>
            <CapturePanel model={model} />
            <ReplaySettingsForm model={model} />
            <RetentionPanel model={model} />
            <QuotaPanel projectId={model.projectId} canEdit={model.saved.value.canEdit} />
            <InstallPanel snippet={model.saved.value.snippet} />
            {model.saved.value.canReadImportSecret && <ImportSecretPanel projectId={projectId} />}
            {model.saved.value.canEdit && (
              <section class="settings-card" aria-labelledby="access-log-heading">
                <h2 id="access-log-heading">Access log</h2>
                <p class="settings-note">
                  Who opened or exported which replay and who changed what, filterable and as CSV.{' '}
                  <a href={projectPagePath('accessLog', projectId)} data-testid="open-access-log"
                    onClick={(e) => {
                      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                      e.preventDefault();
                      navigate(projectPagePath('accessLog', projectId));
                    }}>Open the access log</a>
                </p>
              </section>
            )}
          </>
        )}
      </div>
    </main>
  );
}
