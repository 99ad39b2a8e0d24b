// Every Segment track and page event carries the replay in progress, for each of its destinations.
analytics.addSourceMiddleware(({ payload, next }) => {
  if (payload.obj.type === 'track' || payload.obj.type === 'page') {
    // The async snippet's stub has no getters: until the SDK has loaded there is no replay to name.
    const replay = typeof hindsight.get_session_recording_properties === 'function'
      ? hindsight.get_session_recording_properties() : {};
    payload.obj.properties = { ...payload.obj.properties, ...replay };
  }
  next(payload);
});

// A destination plugin, run in the browser: it hands Segment's events to the Hindsight SDK.
analytics.register({
  name: 'Hindsight',
  type: 'destination',
  version: '1.0.0',
  isLoaded: () => true,
  load: () => Promise.resolve(),
  track: (ctx) => {
    hindsight.track(ctx.event.event, ctx.event.properties);
    return ctx;
  },
  identify: (ctx) => {
    if (ctx.event.userId) hindsight.identify(ctx.event.userId);
    return ctx;
  },
});
