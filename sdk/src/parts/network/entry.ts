// The network part (record_network): fetch, XMLHttpRequest and every resource's timing, recorded as
// mixpanel-browser 2.83 records them (plugin.ts) and re-checked by the privacy filter (sanitiser.ts).
import { RECORDER_PARTS_GLOBAL, type RecorderPartModule } from '../../recorder/parts';
import { resolveNetworkOptions } from './options';
import { networkPlugin, NETWORK_PLUGIN_NAME } from './plugin';
import { networkSanitiser } from './sanitiser';

export const networkPart: RecorderPartModule = {
  create: (config) => {
    const options = resolveNetworkOptions(config);
    return {
      plugins: [networkPlugin(options)],
      sanitisers: [[NETWORK_PLUGIN_NAME, networkSanitiser(options)]],
    };
  },
};

const parts = ((window as unknown as Record<string, Record<string, RecorderPartModule>>)[RECORDER_PARTS_GLOBAL] ||= {});
parts.network = networkPart;
