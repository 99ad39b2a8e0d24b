import { render } from 'preact';
import '@rrweb/replay/dist/style.css';
import 'uplot/dist/uPlot.min.css';
import './styles/base.css';
import './styles/feed.css';
import './styles/player.css';
import './styles/settings.css';
import './styles/analytics.css';
import { App } from './App';
import { route, startRouter } from './router';
import { loadSession } from './state/session';

startRouter();
// Before the first render, so that it leaves together with a replay link's own requests (App renders
// the player without waiting for it).
if (route.value.name !== 'login') void loadSession();
render(<App />, document.getElementById('app')!);
