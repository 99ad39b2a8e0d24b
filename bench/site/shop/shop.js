// The benchmark shop: a catalogue with search and filters, product pages with a review form, and a
// sign-up form. Deterministic — no randomness, no clock in what it shows — so every recorder sees the
// same pages. window.benchTrack(name, properties) is the installed recorder's track call.
(function () {
  var categories = ['Camping', 'Clothing', 'Footwear', 'Kitchen', 'Lighting', 'Packs'];
  var adjectives = ['Trail', 'Summit', 'Ridge', 'Alpine', 'Forest', 'Canyon', 'Harbour', 'Meadow'];
  var nouns = {
    Camping: ['Tent', 'Stove', 'Chair', 'Hammock'], Clothing: ['Jacket', 'Fleece', 'Beanie', 'Gloves'],
    Footwear: ['Boots', 'Sandals', 'Trainers', 'Socks'], Kitchen: ['Mug', 'Pot Set', 'Bottle', 'Spork'],
    Lighting: ['Headlamp', 'Lantern', 'Torch', 'String Lights'], Packs: ['Day Pack', 'Duffel', 'Hip Belt', 'Dry Bag'],
  };
  var products = [];
  for (var i = 0; i < 48; i++) {
    var category = categories[i % categories.length];
    var noun = nouns[category][Math.floor(i / categories.length) % 4];
    products.push({
      id: 'p' + (i + 1),
      name: adjectives[i % adjectives.length] + ' ' + noun,
      category: category,
      price: 12 + (i * 37) % 230,
      rating: 3 + (i % 3),
      text: 'Made for long days outside: light, tough and easy to care for. ' +
        'Tested on ' + (3 + i % 9) + ' trips before it reached the shelf.',
    });
  }

  function track(name, properties) { if (window.benchTrack) window.benchTrack(name, properties || {}); }
  function $(selector, root) { return (root || document).querySelector(selector); }
  function el(html) { var t = document.createElement('template'); t.innerHTML = html.trim(); return t.content.firstChild; }
  function stars(n) { return '★★★★★'.slice(0, n) + '☆☆☆☆☆'.slice(0, 5 - n); }
  function find(id) { return products.filter(function (p) { return p.id === id; })[0] || products[0]; }

  function cart() { try { return JSON.parse(localStorage.getItem('shop_cart') || '{}'); } catch (e) { return {}; } }
  function addToCart(id, quantity) {
    var c = cart();
    c[id] = (c[id] || 0) + quantity;
    localStorage.setItem('shop_cart', JSON.stringify(c));
    renderCartCount();
    track('Added To Cart', { product: id, quantity: quantity });
  }
  function renderCartCount() {
    var n = 0, c = cart();
    for (var k in c) n += c[k];
    $('#cart-count').textContent = String(n);
  }
  function toast(text) {
    var note = document.body.appendChild(el('<div class="toast" role="status"></div>'));
    note.textContent = text;
    setTimeout(function () { note.remove(); }, 2500);
  }

  function catalogue() {
    var list = $('#products'), search = $('#search'), category = $('#category'), sort = $('#sort');
    var shown = 12, searchTimer = 0;
    categories.forEach(function (c) { category.appendChild(el('<option></option>')).textContent = c; });

    function render() {
      var q = search.value.trim().toLowerCase();
      var matching = products.filter(function (p) {
        return (!q || p.name.toLowerCase().indexOf(q) >= 0) && (!category.value || p.category === category.value);
      });
      if (sort.value === 'price') matching.sort(function (a, b) { return a.price - b.price; });
      list.innerHTML = '';
      matching.slice(0, shown).forEach(function (p) {
        var card = el('<li class="card"><div class="swatch"></div><div class="body"><h2><a></a></h2><p class="meta"></p>' +
          '<p class="text"></p><div class="buy"><span class="price"></span><button type="button">Add to cart</button></div></div></li>');
        $('.swatch', card).style.background = 'hsl(' + (products.indexOf(p) * 29) % 360 + ', 35%, 55%)';
        $('a', card).href = 'product.html?id=' + p.id;
        $('a', card).textContent = p.name;
        $('.meta', card).textContent = p.category + ' · ' + stars(p.rating);
        $('.text', card).textContent = p.text;
        $('.price', card).textContent = '$' + p.price;
        $('button', card).addEventListener('click', function () { addToCart(p.id, 1); toast(p.name + ' added to your cart'); });
        list.appendChild(card);
      });
      $('#count').textContent = matching.length + ' products';
      $('#more').hidden = matching.length <= shown;
    }

    search.addEventListener('input', function () {
      render();
      clearTimeout(searchTimer);
      searchTimer = setTimeout(function () { track('Searched', { query: search.value }); }, 500);
    });
    category.addEventListener('change', function () { render(); track('Filtered', { category: category.value }); });
    sort.addEventListener('change', render);
    $('#more').addEventListener('click', function () { shown += 12; render(); });
    render();
  }

  function productPage() {
    var p = find(new URLSearchParams(location.search).get('id'));
    document.title = p.name + ' · Basecamp Supply';
    $('#name').textContent = p.name;
    $('#crumb').textContent = p.category;
    $('#price').textContent = '$' + p.price;
    $('#rating').textContent = stars(p.rating);
    $('#description').textContent = p.text;
    $('.swatch').style.background = 'hsl(' + (products.indexOf(p) * 29) % 360 + ', 35%, 55%)';
    $('#add').addEventListener('submit', function (e) {
      e.preventDefault();
      addToCart(p.id, parseInt($('#quantity').value, 10) || 1);
      toast(p.name + ' added to your cart');
    });
    document.querySelectorAll('[role=tab]').forEach(function (tab) {
      tab.addEventListener('click', function () {
        document.querySelectorAll('[role=tab]').forEach(function (t) { t.setAttribute('aria-selected', String(t === tab)); });
        document.querySelectorAll('[role=tabpanel]').forEach(function (panel) { panel.hidden = panel.id !== tab.getAttribute('aria-controls'); });
      });
    });
    $('#review-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var review = el('<li class="review"><strong></strong> <span class="stars"></span><p></p></li>');
      $('strong', review).textContent = $('#reviewer').value;
      $('.stars', review).textContent = stars(parseInt($('#stars').value, 10));
      $('p', review).textContent = $('#review').value;
      $('#reviews').appendChild(review);
      e.target.reset();
      track('Review Submitted', { product: p.id });
    });
    var related = $('#related');
    products.filter(function (o) { return o.category === p.category && o !== p; }).forEach(function (o) {
      var item = related.appendChild(el('<li><a></a> <span></span></li>'));
      $('a', item).href = 'product.html?id=' + o.id;
      $('a', item).textContent = o.name;
      $('span', item).textContent = '$' + o.price;
    });
    track('Product Viewed', { product: p.id, category: p.category });
  }

  function signup() {
    var form = $('#signup');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var errors = 0;
      form.querySelectorAll('[data-check]').forEach(function (field) {
        var value = field.value.trim(), check = field.getAttribute('data-check'), message = '';
        if (!value) message = 'Required';
        else if (check === 'email' && !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value)) message = 'Enter an email address';
        else if (check === 'password' && value.length < 8) message = 'At least 8 characters';
        field.closest('label').querySelector('.error').textContent = message;
        field.setAttribute('aria-invalid', String(!!message));
        if (message) errors++;
      });
      if (errors) return track('Sign Up Failed', { errors: errors });
      form.hidden = true;
      $('#welcome').hidden = false;
      track('Signed Up', { newsletter: $('#newsletter').checked });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    renderCartCount();
    var page = document.body.getAttribute('data-page');
    if (page === 'catalogue') catalogue();
    if (page === 'product') productPage();
    if (page === 'signup') signup();
    track('Page Viewed', { page: page });
  });
})();
