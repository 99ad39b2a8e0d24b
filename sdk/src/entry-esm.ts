// hindsight.mjs: the ES module build, `import hindsight from '<server>/sdk/hindsight.mjs'`. It leaves
// window alone; the page holds the instance it imported.
import { originOf } from './config';
import { Hindsight } from './hindsight';

const hindsight = new Hindsight(originOf(import.meta.url));

export default hindsight;
