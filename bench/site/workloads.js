// The recorder-cost workloads (BENCHMARKS.md, item 1), after the ones rrweb benchmarks itself on. Each
// may have a setup, run as the page loads — before any recorder starts, so its nodes are part of the
// recorder's first full snapshot — and a run, which is measured and resolves once its last change has
// been rendered. The page is /r/<recorder>/workloads.html?w=<name>.
(function () {
  var root = document.getElementById('root');
  var name = new URLSearchParams(location.search).get('w');

  /** Resolves after the next frame has been rendered (and the recorders' observers have run). */
  function frame() {
    return new Promise(function (resolve) { requestAnimationFrame(function () { setTimeout(resolve, 0); }); });
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  /** Ten nodes: a card with a heading, a paragraph and a two-item list, and their texts. */
  function card(i) {
    var div = el('div', undefined, 'card');
    var ul = el('ul');
    ul.appendChild(el('li', 'colour ' + (i % 7)));
    ul.appendChild(el('li', 'size ' + (i % 5)));
    div.appendChild(el('h3', 'Card ' + i));
    div.appendChild(el('p', 'Description of card ' + i));
    div.appendChild(ul);
    return div;
  }

  /** Rows as divs: Chromium renumbers list items on every move, which would dwarf any recorder. */
  function list(count) {
    var rows = el('div');
    rows.id = 'list';
    for (var i = 0; i < count; i++) rows.appendChild(el('div', 'Row ' + i, 'row'));
    root.appendChild(rows);
  }

  var workloads = {
    'mount-nested': {
      run: function () {
        var top = el('div', undefined, 'level');
        var parent = top;
        for (var i = 1; i < 1000; i++) parent = parent.appendChild(el('div', undefined, 'level'));
        parent.textContent = 'The thousandth level';
        root.appendChild(top);
        return frame();
      },
    },
    'mount-1000x10': {
      run: function () {
        for (var i = 0; i < 1000; i++) root.appendChild(card(i));
        return frame();
      },
    },
    'add-remove': {
      // 100 rounds, one per frame: add 20 cards and remove the 20 the round before added.
      run: async function () {
        var n = 0;
        for (var round = 0; round < 100; round++) {
          var previous = Array.prototype.slice.call(root.children);
          for (var i = 0; i < 20; i++) root.appendChild(card(n++));
          for (var j = 0; j < previous.length; j++) root.removeChild(previous[j]);
          await frame();
        }
      },
    },
    'move-10000': {
      setup: function () { list(10000); },
      // Reverses the list: every one of the 10,000 rows is moved once.
      run: function () {
        var ul = document.getElementById('list');
        var rows = Array.prototype.slice.call(ul.children);
        for (var i = rows.length - 1; i >= 0; i--) ul.appendChild(rows[i]);
        return frame();
      },
    },
    'attributes-10000': {
      setup: function () { list(1000); },
      // 10 rounds, one per frame, each changing an attribute on each of the 1,000 rows.
      run: async function () {
        var rows = document.getElementById('list').children;
        for (var round = 1; round <= 10; round++) {
          for (var i = 0; i < rows.length; i++) rows[i].setAttribute('data-step', String(round));
          await frame();
        }
      },
    },
    'table-scroll': {
      // Renders a 10,000-row table, then scrolls to its end in 60 steps, one per frame.
      run: async function () {
        var table = el('table');
        var body = table.appendChild(el('tbody'));
        for (var i = 0; i < 10000; i++) {
          var tr = body.appendChild(el('tr'));
          tr.appendChild(el('td', String(i)));
          tr.appendChild(el('td', 'Customer ' + i));
          tr.appendChild(el('td', '$' + (i * 7) % 1000));
        }
        root.appendChild(table);
        await frame();
        var end = document.documentElement.scrollHeight - innerHeight;
        for (var step = 1; step <= 60; step++) {
          scrollTo(0, Math.round(end * step / 60));
          await frame();
        }
      },
    },
    'log-fetch': {
      // A busy app's other work (item 11): 20 rounds of 20 logged objects, a warning, an error every
      // fourth round, and three fetches of a file whose body the recorders are asked to keep.
      run: async function () {
        for (var round = 0; round < 20; round++) {
          for (var i = 0; i < 20; i++) console.log('render', { round: round, item: i, props: { id: i, name: 'Item ' + i, tags: ['a', 'b'] } });
          console.warn('slow render', round);
          if (round % 4 === 0) console.error(new Error('request failed in round ' + round));
          await Promise.all([0, 1, 2].map(function (k) {
            return fetch('workloads.js?round=' + round + '&k=' + k).then(function (r) { return r.text(); });
          }));
          await frame();
        }
      },
    },
    'type-500': {
      // The typing itself comes from the harness, as real key presses into the textarea.
      setup: function () {
        var form = el('form');
        form.appendChild(el('label', 'Name '));
        form.appendChild(el('input')).name = 'name';
        form.appendChild(el('label', 'Message '));
        form.appendChild(el('textarea')).id = 'message';
        root.appendChild(form);
      },
    },
  };

  var workload = workloads[name];
  if (workload && workload.setup) workload.setup();
  window.bench = {
    run: function () { return Promise.resolve(workload.run ? workload.run() : undefined); },
  };
})();
