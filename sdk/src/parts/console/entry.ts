// The console part (hindsight-recorder-console.js), loaded by the recorder when `record_console` is on
// (mixpanel-browser's option, default true): rrweb's console plugin and its scrubbing sanitiser.
import type { RecorderPartModule } from '../../recorder/parts';
import { RECORDER_PARTS_GLOBAL } from '../../recorder/parts';
import { observeConsole, PLUGIN_NAME, type ConsolePluginOptions } from './console-plugin';
import { CONSOLE_LIMITS } from './limits';
import { consoleSanitiser } from './sanitiser';

export const consolePart: RecorderPartModule = {
  create() {
    // A fresh budget for each run of the recorder, shared by the page and its iframes.
    const options: ConsolePluginOptions = { limits: CONSOLE_LIMITS, budget: { used: 0 } };
    return {
      plugins: [{ name: PLUGIN_NAME, observer: observeConsole, options }],
      sanitisers: [[PLUGIN_NAME, consoleSanitiser(CONSOLE_LIMITS)]],
    };
  },
};

const w = window as unknown as Record<string, Record<string, RecorderPartModule> | undefined>;
(w[RECORDER_PARTS_GLOBAL] ||= {}).console = consolePart;
