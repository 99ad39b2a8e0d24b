import { useMemo, useState } from 'preact/hooks';
import { EVENT_DESCRIPTION_MAX, type EventDefinitionDetail } from '@hindsight/types';
import { api } from '../api';
import { LineChart } from '../ui/LineChart';
import { MomentList } from '../ui/MomentList';
import { describeError, useRequest } from '../ui/use-request';
import { dailyChartData } from './daily';

interface Props {
  projectId: number;
  name: string;
  canEdit: boolean;
  onClose: () => void;
  onSaved: () => void;
}

/** One event's definition: description, 30-day volume, its properties with examples, and its replays. */
export function DefinitionPanel({ projectId, name, canEdit, onClose, onSaved }: Props) {
  const detail = useRequest(`${projectId}/${name}`, (signal) => api.eventDefinition(projectId, name, signal));
  const moments = useRequest(`${projectId}/${name}/replays`, (signal) => api.eventDefinitionReplays(projectId, name, signal));
  const [saved, setSaved] = useState<EventDefinitionDetail | null>(null);
  const definition = saved ?? detail.data;
  const chart = useMemo(() => (definition ? dailyChartData(definition.daily) : null), [definition?.daily]);

  return (
    <aside class="definition-panel" data-testid="definition-panel" data-event={name} aria-label={`Definition of ${name}`}>
      <div class="popover-head">
        <h2>{name}</h2>
        <button class="icon-button" type="button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {detail.status === 'error' && (
        <p class="analytics-error" role="alert" data-testid="definition-error">
          {detail.error}
        </p>
      )}
      {definition && (
        <>
          <DescriptionEditor
            projectId={projectId}
            name={name}
            description={definition.description}
            canEdit={canEdit}
            onSaved={(d) => {
              setSaved(d);
              onSaved();
            }}
          />
          <h3>Volume, last 30 days</h3>
          {chart && <LineChart xs={chart.xs} ys={[chart.ys]} labels={[name]} height={160} testId="definition-chart" />}
          <h3>Properties</h3>
          {definition.properties.length === 0 ? (
            <p class="pane-note">No properties seen.</p>
          ) : (
            <table class="data-table" data-testid="definition-properties">
              <tbody>
                {definition.properties.map((p) => (
                  <tr key={p.name}>
                    <th scope="row" class="mono">
                      {p.name}
                    </th>
                    <td class="num">{p.count.toLocaleString()}</td>
                    <td class="examples">{p.examples.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <h3>Watch recording</h3>
      {moments.status === 'error' && (
        <p class="analytics-error" role="alert">
          {moments.error}
        </p>
      )}
      {moments.status === 'loading' && <span class="spinner spinner-small" aria-label="Loading" />}
      {moments.status === 'ready' && moments.data && (
        <MomentList projectId={projectId} moments={moments.data.items} truncated={moments.data.truncated} />
      )}
    </aside>
  );
}

interface EditorProps {
  projectId: number;
  name: string;
  description: string | null;
  canEdit: boolean;
  onSaved: (definition: EventDefinitionDetail) => void;
}

function DescriptionEditor({ projectId, name, description, canEdit, onSaved }: EditorProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (draft === null) {
    return (
      <div class="definition-description-view">
        <p data-testid="definition-description">{description || <span class="muted">No description.</span>}</p>
        {canEdit && (
          <button class="button button-quiet" type="button" data-testid="definition-edit" onClick={() => setDraft(description ?? '')}>
            Edit description
          </button>
        )}
      </div>
    );
  }

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.saveEventDescription(projectId, name, draft.trim()));
      setDraft(null);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="definition-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <textarea
        class="input"
        data-testid="definition-description-input"
        aria-label="Description"
        rows={3}
        maxLength={EVENT_DESCRIPTION_MAX}
        value={draft}
        onInput={(e) => setDraft(e.currentTarget.value)}
      />
      {error && (
        <p class="analytics-error" role="alert">
          {error}
        </p>
      )}
      <div class="form-actions">
        <button class="button button-primary" type="submit" data-testid="definition-save" disabled={busy}>
          Save
        </button>
        <button class="button button-quiet" type="button" onClick={() => setDraft(null)} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
