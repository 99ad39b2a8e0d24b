import { render } from 'preact';
import '@rrweb/replay/dist/style.css';
import './styles/base.css';
import './styles/feed.css';
import './styles/player.css';
import './styles/settings.css';
import { App } from './App';
import { startRouter } from './router';

startRouter();
render(<App />, document.getElementById('app')!);
