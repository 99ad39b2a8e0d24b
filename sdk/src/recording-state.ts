// The recording state machine, kept pure so that its rules read in one place and are tested as such.
//   start  — forces a recording: begins a new replay; continues a paused one; nothing while recording.
//   pause  — stops collecting but keeps the replay (same replay_id when resumed); only while recording.
//   resume — continues a paused replay; nothing otherwise.
//   stop   — ends the replay; the next start begins a new one.

export type RecordingState = 'off' | 'recording' | 'paused';
export type RecordingCommand = 'start' | 'pause' | 'resume' | 'stop';

/** What the controller must do to carry out a transition. */
export type RecordingEffect = 'begin' | 'continue' | 'halt' | 'end' | null;

export function transition(state: RecordingState, command: RecordingCommand): { state: RecordingState; effect: RecordingEffect } {
  switch (command) {
    case 'start':
      if (state === 'off') return { state: 'recording', effect: 'begin' };
      if (state === 'paused') return { state: 'recording', effect: 'continue' };
      break;
    case 'pause':
      if (state === 'recording') return { state: 'paused', effect: 'halt' };
      break;
    case 'resume':
      if (state === 'paused') return { state: 'recording', effect: 'continue' };
      break;
    case 'stop':
      if (state !== 'off') return { state: 'off', effect: 'end' };
      break;
  }
  return { state, effect: null };
}
