// The copy-paste install snippet, before minification (build.mjs writes snippet.html from it). It must
// run in any browser a site supports, so: ES5, no dependencies, tiny.
//
// It defines window.hindsight as a stub that records every call as ['method', ...args] (nested ones as
// ['people.set', ...args]) and loads hindsight.js asynchronously; hindsight.js replaces the stub and
// replays the calls in order. The page never waits for the SDK.
(function (w, d, name) {
  var h = (w[name] = w[name] || []);
  // Pasted twice, or the SDK is already here: leave everything as it is.
  if (h.__SV || h.__hindsight) return;
  h.__SV = 1;
  var methods = (
    'init track identify alias register register_once unregister reset set_config ' +
    'start_session_recording startPlaybackRecording pause_session_recording resume_session_recording stop_session_recording ' +
    'opt_out_tracking opt_in_tracking clear_opt_in_out_tracking ' +
    'people.set people.set_once people.unset people.increment people.append people.union people.remove'
  ).split(' ');
  function stub(path) {
    var parts = path.split('.');
    var owner = parts[1] ? (h[parts[0]] = h[parts[0]] || {}) : h;
    owner[parts[1] || parts[0]] = function () {
      h.push([path].concat(Array.prototype.slice.call(arguments)));
    };
  }
  for (var i = 0; i < methods.length; i++) stub(methods[i]);
  var script = d.createElement('script');
  script.async = true;
  script.src = '{{API_HOST}}/sdk/hindsight.js';
  (d.head || d.documentElement).appendChild(script);
})(window, document, 'hindsight');
hindsight.init('{{TOKEN}}', { api_host: '{{API_HOST}}', record_sessions_percent: 100 });
