// The replay in progress added to an event's properties, so that RudderStack's own copy names it too.
function withReplay(properties) {
  // The async snippet's stub has no getters: until the SDK has loaded there is no replay to name.
  const replay = typeof hindsight.get_session_recording_properties === 'function'
    ? hindsight.get_session_recording_properties() : {};
  return { ...properties, ...replay };
}

// A custom integration, run in the browser: RudderStack hands it each event, and it hands them to Hindsight.
// Add it before rudderanalytics.load(…), for a "Custom Device Mode" destination connected to the source.
rudderanalytics.addCustomIntegration('YOUR_CUSTOM_DESTINATION_ID', {
  isReady: () => true,
  track: (analytics, logger, event) => hindsight.track(event.message.event, event.message.properties),
  identify: (analytics, logger, event) => {
    if (event.message.userId) hindsight.identify(event.message.userId);
  },
});
