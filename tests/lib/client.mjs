// A small HTTP client for end-to-end tests: keeps cookies like a browser,
// never follows redirects (tests check them), finds CSRF tokens in pages,
// signs in, and speaks the JSON API with bearer tokens.
export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.token = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  remember(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim(), value = pair.slice(i + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method, path, { body, headers = {}, json, raw = false } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    if (this.token) h.authorization = `Bearer ${this.token}`;
    if (json !== undefined) {
      h['content-type'] = 'application/json';
      body = JSON.stringify(json);
    } else if (body && !(body instanceof FormData) && typeof body === 'object' && !(body instanceof Uint8Array)) {
      body = new URLSearchParams(body);
    }
    const res = await fetch(this.base + path, { method, body, headers: h, redirect: 'manual' });
    this.remember(res);
    const out = { status: res.status, headers: res.headers };
    if (raw) out.bytes = new Uint8Array(await res.arrayBuffer());
    else out.text = await res.text();
    if (!raw && (res.headers.get('content-type') || '').startsWith('application/json')) {
      try { out.json = JSON.parse(out.text); } catch { out.json = undefined; }
    }
    out.location = res.headers.get('location');
    return out;
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, body, opts = {}) { return this.request('POST', path, { ...opts, body }); }

  // The CSRF token of the first form of a page.
  static csrf(html) {
    const m = /name="csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error('no CSRF token in page');
    return m[1];
  }

  // GETs page, then POSTs fields (plus its CSRF token) to action.
  async submit(page, action, fields = {}) {
    const p = await this.get(page);
    const csrf = Client.csrf(p.text);
    if (fields instanceof FormData) {
      fields.set('csrf', csrf);
      return this.post(action, fields);
    }
    return this.post(action, { csrf, ...fields });
  }

  async login(login, password = 'demo') {
    const r = await this.submit('/connexion', '/connexion', { login, password, suite: '/' });
    if (r.status !== 303) throw new Error(`login ${login} failed: ${r.status}\n${r.text.slice(0, 500)}`);
    return r;
  }

  async apiLogin(login, password = 'demo') {
    const r = await this.request('POST', '/api/v1/auth/token', { json: { login, password } });
    if (r.status !== 201) throw new Error(`token for ${login} failed: ${r.status} ${r.text}`);
    this.token = r.json.token;
    return r.json;
  }
}

// Text of a page without tags, for readable assertions.
export function textOf(html) {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}
