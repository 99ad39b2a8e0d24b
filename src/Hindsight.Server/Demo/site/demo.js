// The demo shop's behaviour: a catalogue, a cart kept in localStorage, and the four events of a real
// funnel (Product Viewed -> Added to Cart -> Checkout Started -> Purchase), so a newcomer's visit
// produces a replay worth watching and a funnel in the dashboard that leads back to it.
(function () {
  var products = [
    { id: 'trail-jacket', name: 'Trail Jacket', price: 129, colour: 'linear-gradient(135deg,#3d6b4f,#9cc5a1)', text: 'Wind- and waterproof shell for long ridge walks.' },
    { id: 'canvas-pack', name: 'Canvas Day Pack', price: 79, colour: 'linear-gradient(135deg,#8a5a2b,#e0b67a)', text: 'Twenty litres, waxed canvas, leather straps.' },
    { id: 'wool-beanie', name: 'Merino Beanie', price: 24, colour: 'linear-gradient(135deg,#7a2f3b,#e79aa5)', text: 'Soft merino that keeps its shape.' },
    { id: 'camp-mug', name: 'Enamel Camp Mug', price: 16, colour: 'linear-gradient(135deg,#1f4e79,#8fb8e0)', text: 'Holds coffee, soup and stories.' },
    { id: 'hiking-boots', name: 'Ridge Boots', price: 189, colour: 'linear-gradient(135deg,#4b3b2a,#b29a7c)', text: 'Broken in on the first day, not the tenth.' },
    { id: 'headlamp', name: 'Night Headlamp', price: 42, colour: 'linear-gradient(135deg,#33334d,#f2d16b)', text: '300 lumens, three modes, one button.' }
  ];
  var cartKey = 'demo_cart';
  function cart() { try { return JSON.parse(localStorage.getItem(cartKey) || '{}'); } catch (e) { return {}; } }
  function saveCart(c) { localStorage.setItem(cartKey, JSON.stringify(c)); renderCartCount(); }
  function find(id) { return products.filter(function (p) { return p.id === id; })[0]; }
  function el(html) { var t = document.createElement('template'); t.innerHTML = html.trim(); return t.content.firstChild; }
  function hs() { return window.hindsight && window.hindsight.track ? window.hindsight : null; }
  function track(name, props) { var h = hs(); if (h) h.track(name, props || {}); }

  function renderCartCount() {
    var n = 0, c = cart();
    for (var k in c) n += c[k];
    var badge = document.getElementById('cart-count');
    if (badge) badge.textContent = String(n);
  }

  function addToCart(id, quantity) {
    var c = cart();
    c[id] = (c[id] || 0) + (quantity || 1);
    saveCart(c);
    track('Added to Cart', { product: id, quantity: quantity || 1 });
  }

  function renderCatalogue(root) {
    products.forEach(function (p) {
      var card = el('<div class="card" data-product="' + p.id + '"><div class="swatch" style="background:' + p.colour + '"></div>' +
        '<div class="body"><h2><a href="product.html?id=' + p.id + '">' + p.name + '</a></h2><p>' + p.text + '</p>' +
        '<span class="price">$' + p.price + '</span><button type="button">Add to cart</button></div></div>');
      card.querySelector('button').addEventListener('click', function () { addToCart(p.id, 1); });
      root.appendChild(card);
    });
  }

  function renderProduct(root) {
    var id = new URLSearchParams(location.search).get('id') || products[0].id;
    var p = find(id) || products[0];
    document.title = p.name + ' · Northwind Outfitters';
    root.querySelector('.swatch').style.background = p.colour;
    root.querySelector('h1').textContent = p.name;
    root.querySelector('.description').textContent = p.text;
    root.querySelector('.price').textContent = '$' + p.price;
    root.querySelector('form').addEventListener('submit', function (e) {
      e.preventDefault();
      addToCart(p.id, parseInt(root.querySelector('[name=quantity]').value, 10) || 1);
      root.querySelector('.added').hidden = false;
    });
    track('Product Viewed', { product: p.id });
  }

  function renderCart(root) {
    var c = cart(), body = root.querySelector('tbody'), total = 0;
    body.innerHTML = '';
    Object.keys(c).forEach(function (id) {
      var p = find(id); if (!p) return;
      total += p.price * c[id];
      var row = el('<table><tr><td>' + p.name + '</td><td>' + c[id] + '</td><td>$' + p.price * c[id] +
        '</td><td><button class="secondary" type="button">Remove</button></td></tr></table>').querySelector('tr');
      row.querySelector('button').addEventListener('click', function () { var n = cart(); delete n[id]; saveCart(n); renderCart(root); });
      body.appendChild(row);
    });
    root.querySelector('.total').textContent = '$' + total;
    root.querySelector('.empty').hidden = total > 0;
  }

  function itemCount() { var n = 0, c = cart(); for (var k in c) n += c[k]; return n; }
  function cartTotal() { var t = 0, c = cart(); for (var k in c) { var p = find(k); if (p) t += p.price * c[k]; } return t; }

  function renderCheckout(root) {
    var form = root.querySelector('form');
    // Opening the checkout page is the funnel's third step; an empty cart has nothing to check out.
    if (itemCount() > 0) track('Checkout Started', { items: itemCount(), total: cartTotal() });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var email = form.querySelector('[name=email]').value.trim();
      var name = form.querySelector('[name=name]').value.trim();
      var h = hs();
      if (h && email) { h.identify(email); h.people.set({ $email: email, $name: name }); }
      track('Purchase', { items: itemCount(), total: cartTotal() });
      saveCart({});
      form.hidden = true;
      root.querySelector('.notice').hidden = false;
    });
  }

  // Lets a newcomer jump from the shop straight to the replay of this very visit.
  function showReplayLink() {
    var banner = document.getElementById('recording-banner'), h = hs();
    var url = h && h.get_session_replay_url && h.get_session_replay_url();
    if (!banner || !url) return;
    banner.querySelector('a').href = url;
    banner.hidden = false;
  }

  // One header and footer for every page, so the pages hold only what differs.
  function renderChrome() {
    document.body.insertBefore(el('<div id="recording-banner" class="recording-banner" hidden>This visit is being recorded by Hindsight. ' +
      '<a href="#" target="_blank">Watch this replay</a> in the dashboard.</div>'), document.body.firstChild);
    document.body.insertBefore(el('<header><a class="brand" href="index.html">Northwind Outfitters</a><a href="index.html">Shop</a>' +
      '<a href="cart.html">Cart (<span id="cart-count">0</span>)</a><a href="checkout.html">Checkout</a></header>'), document.body.firstChild);
    document.body.appendChild(el('<footer>A demo shop served by Hindsight. Everything you do here is recorded, ' +
      'with text and inputs masked in your browser.</footer>'));
  }

  document.addEventListener('DOMContentLoaded', function () {
    renderChrome();
    renderCartCount();
    var page = document.body.getAttribute('data-page'), main = document.querySelector('main');
    if (page === 'home') renderCatalogue(main.querySelector('.grid'));
    if (page === 'product') renderProduct(main);
    if (page === 'cart') renderCart(main);
    if (page === 'checkout') renderCheckout(main);
    var tries = 0, timer = setInterval(function () { showReplayLink(); if (++tries > 20 || !document.getElementById('recording-banner').hidden) clearInterval(timer); }, 500);
  });
})();
