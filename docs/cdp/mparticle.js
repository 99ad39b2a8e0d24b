// The replay in progress added to an event's attributes, so that mParticle's own copy names it too.
function withReplay(attributes) {
  // The async snippet's stub has no getters: until the SDK has loaded there is no replay to name.
  const replay = typeof hindsight.get_session_recording_properties === 'function'
    ? hindsight.get_session_recording_properties() : {};
  return { ...attributes, ...replay };
}

// A sideloaded kit, run in the browser: mParticle hands it each event it logs, and it hands them to Hindsight.
function HindsightForwarder() {
  this.name = 'Hindsight';
  this.init = () => 'Hindsight ready';
  this.process = (event) => {
    // 4 is mParticle's message type of a logEvent call (page views are 3, commerce events 16).
    if (event.EventDataType === 4) hindsight.track(event.EventName, event.EventAttributes || {});
    return 'Sent to Hindsight';
  };
  this.onUserIdentified = (user) => {
    const customerId = user.getUserIdentities().userIdentities.customerid;
    if (customerId) hindsight.identify(customerId);
  };
}
const hindsightKit = new mParticle.MPSideloadedKit({
  name: 'Hindsight',
  register: (config) => { config.kits.Hindsight = { constructor: HindsightForwarder }; },
});
