// Shared by seed.mjs and manifest.mjs: a small client for Ghost's Admin API (staff session cookie) and
// Members API (member session cookie), the fixture's fixed accounts, and helpers.
import {createRequire} from 'node:module';
import path from 'node:path';

export const OWNER = {login: 'nora', password: 'Kestrel-Lantern-7391-Quay'};   // Ghost rejects "weak" passwords
export const STAFF_PASSWORD = 'Heron-Copper-5528-Tide';

export function ghostRequire(ghostDir) {  // modules from the installed Ghost (sqlite3, moment-timezone)
    return createRequire(path.join(ghostDir, 'package.json'));
}

function cookiesFrom(res, jar) {
    for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
}
const cookieHeader = jar => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

export class Client {
    constructor(base) {
        this.base = base.replace(/\/$/, '');
        this.jar = new Map();
    }

    async request(method, urlPath, body, {expect = [200, 201, 204], redirect = 'manual'} = {}) {
        const headers = {Origin: this.base, Accept: 'application/json'};   // as the browser sends them
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        if (this.jar.size) headers.Cookie = cookieHeader(this.jar);
        const url = urlPath.startsWith('http') ? urlPath : this.base + urlPath;
        const res = await fetch(url, {method, headers, redirect, body: body === undefined ? undefined : JSON.stringify(body)});
        cookiesFrom(res, this.jar);
        const text = await res.text();
        if (!expect.includes(res.status)) {
            throw new Error(`${method} ${urlPath} -> ${res.status}: ${text.slice(0, 600)}`);
        }
        return text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {status: res.status, location: res.headers.get('location'), text};
    }

    get(p, o) { return this.request('GET', p, undefined, o); }
    post(p, b, o) { return this.request('POST', p, b, o); }
    put(p, b, o) { return this.request('PUT', p, b, o); }
    del(p, o) { return this.request('DELETE', p, undefined, o); }

    admin(p) { return `/ghost/api/admin${p}`; }

    async login(email, password) {   // staff session: POST /ghost/api/admin/session/
        await this.post(this.admin('/session/'), {username: email, password}, {expect: [201]});
        return this;
    }

    // A member session as a visitor gets it from the emailed magic link: the Admin API hands out the same
    // sign-in link (GET /members/:id/signin_urls/, "impersonate" in Ghost Admin); following it sets the
    // ghost-members-ssr cookies.
    async memberSession(memberId) {
        const {member_signin_urls: [{url}]} = await this.get(this.admin(`/members/${memberId}/signin_urls/`));
        const m = new Client(this.base);
        const r = await m.get(url, {expect: [302]});
        if (!m.jar.has('ghost-members-ssr') || !/success=true/.test(r.location || '')) {
            throw new Error(`member sign-in for ${memberId} failed: ${r.location}`);
        }
        return m;
    }
}

export async function allPages(client, urlPath, key) {   // every page of a paginated Ghost API list
    const out = [];
    for (let page = 1; page; ) {
        const sep = urlPath.includes('?') ? '&' : '?';
        const r = await client.get(`${urlPath}${sep}page=${page}`);
        out.push(...r[key]);
        page = r.meta?.pagination?.next || null;
    }
    return out;
}

// HTML as plain text: paragraphs separated by a blank line, <br> as a newline (the WordPress fixture's rule).
export function plain(html) {
    let s = String(html || '').replace(/[ \t\r\n\f]+/g, ' ');
    s = s.replace(/ *<br *\/?> */gi, '\n');
    s = s.replace(/<\/(p|h[1-6]|li|blockquote|div|pre|figure|ul|ol|figcaption)>/gi, '\n\n');
    s = s.replace(/<[^>]*>/g, '');
    s = decodeEntities(s).replace(/\u00a0/g, ' ');
    s = s.split('\n').map(l => l.replace(/[ \t]+/g, ' ').trim()).join('\n');
    return s.replace(/\n{3,}/g, '\n\n').trim();
}

const NAMED = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '\u2026', mdash: '\u2014',
    ndash: '\u2013', lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d'};
export function decodeEntities(s) {
    return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
        if (e[0] === '#') {
            const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
            return String.fromCodePoint(n);
        }
        return NAMED[e.toLowerCase()] ?? m;
    });
}


// sqlite3 (Ghost's own module) with promises
export function openDb(ghostDir, file, mode) {
    const sqlite3 = ghostRequire(ghostDir)('sqlite3');
    const db = new sqlite3.Database(file, mode ?? sqlite3.OPEN_READONLY);
    db.configure('busyTimeout', 10000);
    return {
        all: (sql, params = []) => new Promise((ok, ko) => db.all(sql, params, (e, rows) => (e ? ko(e) : ok(rows)))),
        close: () => new Promise(ok => db.close(() => ok()))
    };
}
