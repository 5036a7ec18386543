// Prints the ground truth a crawler must find, read back from the running Ghost:
//  - posts, pages, tags, authors from the Admin API (staff session);
//  - visible comments from the public Members API exactly as the comments-ui widget reads them
//    (GET /members/api/comments/post/<post_id>/ page by page, and /members/api/comments/<id>/replies/);
//  - comments not shown (hidden by staff, deleted by their member) from Ghost's SQLite database, which is also
//    checked against the API: every published comment of a published post must have come back from it.
// node manifest.mjs STATE_DIR BASE_URL GHOST_DIR > manifest.json
import fs from 'node:fs';
import path from 'node:path';
import {Client, OWNER, allPages, decodeEntities, openDb, plain} from './lib.mjs';

const [S, BASE_ARG, G] = process.argv.slice(2);
if (!S || !BASE_ARG || !G) {
    console.error('usage: node manifest.mjs STATE_DIR BASE_URL GHOST_DIR');
    process.exit(2);
}
const BASE = BASE_ARG.replace(/\/$/, '');
const content = JSON.parse(fs.readFileSync(new URL('../../wordpress/content.json', import.meta.url)));
const owner = content.users.find(u => u.login === OWNER.login);
const keys = fs.existsSync(path.join(S, 'fixture-keys.json')) ? JSON.parse(fs.readFileSync(path.join(S, 'fixture-keys.json'))) : {};
const iso = d => (d ? new Date(d).toISOString().replace(/\.\d{3}Z$/, '+00:00') : null);   // Ghost stores UTC
const pkg = JSON.parse(fs.readFileSync(path.join(G, 'package.json')));

const admin = await new Client(BASE).login(owner.email, OWNER.password);
const visitor = new Client(BASE);   // no cookies: what any reader's browser gets

const settings = Object.fromEntries((await admin.get(admin.admin('/settings/'))).settings.map(s => [s.key, s.value]));
const {themes} = await admin.get(admin.admin('/themes/'));
const theme = themes.find(t => t.active)?.name;
let postsPerPage = null;
try {
    postsPerPage = JSON.parse(fs.readFileSync(path.join(S, 'content/themes', theme, 'package.json'))).config?.posts_per_page ?? null;
} catch {}

const fields = 'formats=html&include=authors,tags';
const posts = await allPages(admin, admin.admin(`/posts/?${fields}&filter=status:published&order=published_at%20asc&limit=50`), 'posts');
const pages = await allPages(admin, admin.admin(`/pages/?${fields}&filter=status:published&limit=50`), 'pages');
const unpublished = await allPages(admin, admin.admin('/posts/?filter=status:-published&fields=id,title,slug,status,uuid&limit=50'), 'posts');
const tags = await allPages(admin, admin.admin('/tags/?include=count.posts&limit=50'), 'tags');
const staff = await allPages(admin, admin.admin('/users/?include=count.posts&limit=50'), 'users');

const out = {
    engine: `Ghost ${pkg.version}`,
    generated_from: 'the running Ghost: Admin API (posts, pages, tags, staff), the public Members API as comments-ui reads it (visible comments), its SQLite database (comments not shown)',
    base_url: BASE + '/',
    theme,
    site: {
        title: settings.title, description: settings.description, timezone: settings.timezone,
        comments_enabled: settings.comments_enabled, members_signup_access: settings.members_signup_access,
        posts_per_page: postsPerPage, permalinks: '/:slug/'
    },
    urls: {
        home: BASE + '/', rss: BASE + '/rss/', sitemap: BASE + '/sitemap.xml',
        comments_api_post: BASE + '/members/api/comments/post/{post_id}/',
        comments_api_replies: BASE + '/members/api/comments/{comment_id}/replies/',
        comments_api_counts: BASE + '/members/api/comments/counts/?ids={post_id}'
    },
    comments_ui: null,
    counts: {},
    posts: [],
    pages: [],
    comments: [],
    absent_comments: [],
    not_posts: [],
    unpublished_posts: unpublished.map(p => ({id: p.id, title: p.title, slug: p.slug, status: p.status}))
};

// ---------------------------------------------------------------- posts and pages
for (const p of posts) {
    out.posts.push({
        id: p.id, url: p.url, title: p.title, slug: p.slug,
        author: p.primary_author?.name ?? null, authors: p.authors.map(a => a.name),
        published: iso(p.published_at), tags: p.tags.map(t => t.name),
        comments_api: `${BASE}/members/api/comments/post/${p.id}/`,
        text: plain(p.html)
    });
}
for (const p of pages) {
    out.pages.push({id: p.id, url: p.url, title: p.title, author: p.primary_author?.name ?? null, published: iso(p.published_at), text: plain(p.html)});
}

// ---------------------------------------------------------------- comments as the widget reads them
const seen = new Map();   // id -> comment JSON from the Members API
for (const p of posts) {
    const top = await allPages(visitor, `/members/api/comments/post/${p.id}/?limit=15`, 'comments');
    for (const c of top) {
        seen.set(c.id, {...c, post: p, parent_id: null});
        if (c.count?.replies > 0) {
            for (const r of await allPages(visitor, `/members/api/comments/${c.id}/replies/?limit=15`, 'comments')) {
                seen.set(r.id, {...r, post: p, parent_id: c.id});
            }
        }
    }
}
for (const c of seen.values()) {
    if (c.status !== 'published') continue;   // a hidden/deleted parent still listed for its replies: below
    out.comments.push({
        id: c.id, post_url: c.post.url, post_id: c.post.id, parent_id: c.parent_id, in_reply_to_id: c.in_reply_to_id ?? null,
        author: c.member?.name ?? null, published: iso(c.created_at), text: plain(c.html),
        likes: c.count?.likes ?? 0, fixture_key: keys[c.id] ?? null
    });
}

// ---------------------------------------------------------------- the database: not shown, and a cross-check
const db = openDb(G, path.join(S, 'content/data/ghost.db'));
const rows = await db.all(`SELECT c.id, c.post_id, c.parent_id, c.in_reply_to_id, c.status, c.html, c.created_at, m.name AS member
    FROM comments c LEFT JOIN members m ON m.id = c.member_id ORDER BY c.created_at, c.id`);
await db.close();
const postById = new Map(posts.map(p => [p.id, p]));
const published = rows.filter(r => r.status === 'published' && postById.has(r.post_id));
const missing = published.filter(r => !seen.has(r.id) || seen.get(r.id).status !== 'published');
if (missing.length || published.length !== out.comments.length) {
    throw new Error(`the Members API showed ${out.comments.length} comments, the database has ${published.length} published (missing: ${missing.map(r => r.id)})`);
}
for (const r of rows) {
    if (r.status === 'published' && postById.has(r.post_id)) continue;
    const p = postById.get(r.post_id);
    const placeholder = seen.has(r.id);   // still listed, with html null, because it has visible replies
    out.absent_comments.push({
        id: r.id, post_url: p ? p.url : null, post_id: r.post_id, parent_id: r.parent_id, author: r.member,
        published: iso(typeof r.created_at === 'number' ? r.created_at : r.created_at.replace(' ', 'T') + 'Z'),
        text: plain(r.html), why: p ? r.status : `post not published (${r.status})`,
        placeholder_shown: placeholder, fixture_key: keys[r.id] ?? null
    });
}

// ---------------------------------------------------------------- the comments-ui script tag on a post page
if (posts.length) {
    const page = await visitor.get(posts[0].url, {expect: [200]});
    const html = page.text;
    const tag = html.match(/<script\b[^>]*\bdata-ghost-comments=[^>]*><\/script>/);
    const counts = html.match(/<script\b[^>]*\bdata-ghost-comments-counts-api=[^>]*><\/script>/);
    const attrs = t => Object.fromEntries([...t.matchAll(/\s([a-z][a-z0-9-]*)(?:="([^"]*)")?/g)].map(m => [m[1], m[2] === undefined ? true : decodeEntities(m[2])]));
    out.comments_ui = tag ? {page: posts[0].url, script: tag[0], attributes: attrs(tag[0].replace(/>.*$/s, '')),
        counts_script: counts ? counts[0] : null} : {page: posts[0].url, script: null};
}

// ---------------------------------------------------------------- pages that are not posts
const notPosts = new Set([BASE + '/']);
if (postsPerPage && posts.length > postsPerPage) {
    for (let n = 2; n <= Math.ceil(posts.length / postsPerPage); n++) notPosts.add(`${BASE}/page/${n}/`);
}
for (const p of pages) notPosts.add(p.url);
for (const t of tags) if (t.count?.posts > 0 && t.visibility === 'public') notPosts.add(t.url);
for (const u of staff) if (u.count?.posts > 0) notPosts.add(u.url);
out.not_posts = [...notPosts];

out.counts = {
    posts: out.posts.length, pages: out.pages.length, comments: out.comments.length,
    top_level_comments: out.comments.filter(c => !c.parent_id).length,
    replies: out.comments.filter(c => c.parent_id).length,
    replies_to_replies: out.comments.filter(c => c.in_reply_to_id).length,
    absent_comments: out.absent_comments.length, not_posts: out.not_posts.length,
    comments_by_post: Object.fromEntries(out.posts.map(p => [p.slug, out.comments.filter(c => c.post_id === p.id).length]))
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
