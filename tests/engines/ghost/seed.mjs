// Seeds a running, fresh Ghost through its own APIs from tests/wordpress/content.json (the WordPress fixture's
// texts): owner setup, settings, a second author, tags, posts, a draft, the About page, members and comments.
// node seed.mjs STATE_DIR BASE_URL GHOST_DIR [THEME]
// Idempotent per state folder: $STATE/seed.done holds the hash of what it seeded; with it, only the theme is
// (re)applied. A seed that failed half-way leaves no seed.done: remove the state folder and start again.
//
// Comments go in through two of Ghost's own paths:
//  - the Admin API's comment import (POST /ghost/api/admin/comments/ with member_id and created_at, Ghost 5.1xx)
//    for the historical ones, so that they keep their dates (the members API always stamps "now");
//  - the Members API (POST /members/api/comments/, what the comments-ui widget calls, with a member session
//    from the member's sign-in link) for every comment on the newest post, a thread of four replies on it
//    (two answer a reply: in_reply_to_id; four > the three replies the post's comment list embeds), a like,
//    and the deletion of a comment by its own member.
// WordPress statuses map to Ghost's: approved -> published, hold and spam -> hidden by the staff
// (Ghost has no moderation queue), trash -> deleted by its member. Pingbacks have no Ghost equivalent: skipped.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {Client, OWNER, STAFF_PASSWORD, allPages, ghostRequire, openDb} from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const [S, BASE_ARG, G, THEME = 'casper'] = process.argv.slice(2);
if (!S || !BASE_ARG || !G) {
    console.error('usage: node seed.mjs STATE_DIR BASE_URL GHOST_DIR [THEME]');
    process.exit(2);
}
const BASE = BASE_ARG.replace(/\/$/, '');
const CONTENT_FILE = path.join(HERE, '../../wordpress/content.json');
const raw = fs.readFileSync(CONTENT_FILE);
const content = JSON.parse(raw);
const HASH = crypto.createHash('sha1').update(raw).update(fs.readFileSync(fileURLToPath(import.meta.url))).digest('hex');
const moment = ghostRequire(G)('moment-timezone');
const DB_FILE = path.join(S, 'content/data/ghost.db');
const log = (...a) => console.log('[seed]', ...a);
const sleep = ms => new Promise(r => setTimeout(r, ms));

const users = Object.fromEntries(content.users.map(u => [u.login, u]));
const owner = users[OWNER.login];
const admin = new Client(BASE);

// ---------------------------------------------------------------- owner (setup) and staff session
const {setup: [{status: isSetup}]} = await admin.get(admin.admin('/authentication/setup/'));
if (!isSetup) {
    log('setup: owner', owner.display);
    await admin.post(admin.admin('/authentication/setup/'), {setup: [{
        name: owner.display, email: owner.email, password: OWNER.password, blogTitle: content.site_title
    }]}, {expect: [201]});
}
await admin.login(owner.email, OWNER.password);

// ---------------------------------------------------------------- theme (every run; a no-op when active)
const {themes} = await admin.get(admin.admin('/themes/'));
const active = themes.find(t => t.active);
if (!active || active.name !== THEME) {
    if (!themes.some(t => t.name === THEME)) throw new Error(`theme ${THEME} is not installed (have: ${themes.map(t => t.name)})`);
    await admin.put(admin.admin(`/themes/${THEME}/activate/`));
    log('theme activated:', THEME);
}

const doneFile = path.join(S, 'seed.done');
if (fs.existsSync(doneFile)) {
    if (fs.readFileSync(doneFile, 'utf8').trim() !== HASH) {
        console.error('[seed] warning: this state was seeded from another content.json or seed.mjs; remove the state folder to reseed');
    }
    log('already seeded');
    process.exit(0);
}
// A state that was set up but has no seed.done failed half-way (or is not ours): refuse to seed on top of it.
const {posts: existing} = await admin.get(admin.admin('/posts/?limit=all&fields=id,slug'));
const seedSlugs = new Set(content.posts.map(p => p.slug));
if (existing.some(p => seedSlugs.has(p.slug))) {
    throw new Error('this Ghost already holds seeded posts but seed.done is missing (an earlier seed failed?): remove the state folder');
}

// ---------------------------------------------------------------- settings
await admin.put(admin.admin('/settings/'), {settings: [
    {key: 'title', value: content.site_title},
    {key: 'description', value: content.tagline},
    {key: 'timezone', value: content.timezone},
    {key: 'cover_image', value: ''},             // the default points at static.ghost.org
    {key: 'members_signup_access', value: 'all'},
    {key: 'comments_enabled', value: 'all'}     // native comments, for every member (free or paid)
]});

// ---------------------------------------------------------------- staff: owner's profile, a second author
const {users: staff0} = await admin.get(admin.admin('/users/?limit=all'));
const me = staff0.find(u => u.email === owner.email);
await admin.put(admin.admin(`/users/${me.id}/`), {users: [{
    name: owner.display, slug: owner.login, bio: owner.bio, website: owner.url || null
}]});
const staffId = {[owner.login]: me.id};
for (const u of content.users.filter(x => x.login !== OWNER.login)) {
    // Ghost adds staff only by invitation (an email with a token); the stub mail transport "sends" it and
    // the token is read from the invites table, then accepted like the signup page does.
    const {roles} = await admin.get(admin.admin('/roles/?permissions=assign'));
    const role = roles.find(r => r.name === 'Author');
    await admin.post(admin.admin('/invites/'), {invites: [{email: u.email, role_id: role.id}]}, {expect: [201]});
    const db = openDb(G, DB_FILE);
    const [inv] = await db.all('SELECT token FROM invites WHERE email = ? AND status = ?', [u.email, 'sent']);
    await db.close();
    if (!inv) throw new Error(`no invite token for ${u.email}`);
    await new Client(BASE).post(admin.admin('/authentication/invitation/'), {invitation: [{
        token: inv.token, email: u.email, name: u.display, password: STAFF_PASSWORD
    }]});
    const {users: [nu]} = await admin.get(admin.admin(`/users/email/${encodeURIComponent(u.email)}/`));
    await admin.put(admin.admin(`/users/${nu.id}/`), {users: [{name: u.display, slug: u.login, bio: u.bio, website: u.url || null}]});
    staffId[u.login] = nu.id;
    log('staff user', u.display, `(${role.name})`);
}

// ---------------------------------------------------------------- Ghost's own sample content
// Changing a published post or page makes Ghost send webmentions to the links it had (ghost.org in the sample
// content); it does not while the site is private, so the site is private for this part only.
await admin.put(admin.admin('/settings/'), {settings: [{key: 'is_private', value: true}, {key: 'password', value: 'seeding-in-progress'}]});
for (const p of await allPages(admin, admin.admin('/posts/?limit=100&fields=id,slug'), 'posts')) {
    await admin.del(admin.admin(`/posts/${p.id}/`));
    log('deleted the sample post', p.slug);
}

// ---------------------------------------------------------------- texts
const fill = s => s.replace(/\{base\}\/\d{4}\/\d{2}\/([^/"]+)\//g, `${BASE}/$1/`).replace(/\{base\}/g, BASE); // Ghost's permalinks are /slug/
const htmlText = s => fill(s).replace(/&(?![a-z]+;|#\d+;)/gi, '&amp;');   // texts are HTML; escape bare &
const blocksHtml = blocks => blocks.map(([tag, t]) => (tag === 'h2' ? `<h2>${htmlText(t)}</h2>` : `<p>${htmlText(t)}</p>`)).join('\n');
const commentHtml = t => htmlText(t).split(/\n{2,}/).map(par => `<p>${par.split('\n').join('<br>')}</p>`).join('');
const utc = local => moment.tz(local, 'YYYY-MM-DD HH:mm:ss', content.timezone).toISOString();

// the About page: Ghost's fixture page "About this site" (/about/) gets the fixture's text
const {pages} = await admin.get(admin.admin('/pages/?limit=all&filter=slug:about'));
if (pages[0]) {
    await admin.put(admin.admin(`/pages/${pages[0].id}/?source=html`), {pages: [{
        title: 'About', html: content.about.map(t => `<p>${htmlText(t)}</p>`).join('\n'),
        authors: [{id: me.id}], updated_at: pages[0].updated_at
    }]});
}

await admin.put(admin.admin('/settings/'), {settings: [{key: 'is_private', value: false}]});

// ---------------------------------------------------------------- posts (HTML converted to Lexical by Ghost)
async function addPost(p, status) {
    const {posts: [post]} = await admin.post(admin.admin('/posts/?source=html'), {posts: [{
        title: p.title, slug: p.slug, html: blocksHtml(p.blocks), status,
        published_at: utc(p.date), authors: [{id: staffId[p.author]}],
        tags: [...(p.categories || []), ...(p.tags || [])].map(name => ({name}))
    }]}, {expect: [201]});
    if (post.slug !== p.slug) throw new Error(`post slug ${post.slug} != ${p.slug}`);
    return post;
}
const posts = [...content.posts].sort((a, b) => a.date.localeCompare(b.date));
const postId = {};
for (const p of posts) {
    postId[p.slug] = (await addPost(p, 'published')).id;
    log('post', p.slug);
}
for (const p of content.hidden_posts || []) {
    await addPost(p, 'draft');   // Ghost has no "private" post: anything unpublished is a draft
    log('draft', p.slug);
}

// ---------------------------------------------------------------- members: every commenter (staff too)
const memberOf = {};   // email -> member
const staffByLogin = login => users[login];
for (const p of posts) {
    for (const c of p.comments) {
        if (c.type !== 'comment') continue;
        const u = c.user ? staffByLogin(c.user) : null;
        const email = (u ? u.email : c.email).toLowerCase();
        if (memberOf[email]) continue;
        const {members: [m]} = await admin.post(admin.admin('/members/'), {members: [{
            email, name: u ? u.display : c.author, ...(u ? {note: 'staff'} : {})
        }]}, {expect: [201]});
        memberOf[email] = m;
    }
}
log(Object.keys(memberOf).length, 'members');
const memberFor = c => memberOf[(c.user ? staffByLogin(c.user).email : c.email).toLowerCase()];

// ---------------------------------------------------------------- comments
const ghostId = {};     // fixture key -> Ghost comment id
const keyOf = {};       // Ghost comment id -> fixture key (written for the manifest)
const sessions = {};    // member id -> Client with the member's cookies
const session = async m => (sessions[m.id] ??= await admin.memberSession(m.id));
const newest = posts[posts.length - 1];
let viaMembers = 0, viaAdmin = 0;

for (const p of posts) {
    const byKey = Object.fromEntries(p.comments.map(c => [c.key, c]));
    const top = c => (c.parent ? top(byKey[c.parent]) : c);
    const ordered = p.comments.filter(c => c.type === 'comment').sort((a, b) => a.date.localeCompare(b.date));
    for (const c of ordered) {
        const m = memberFor(c);
        const parent = c.parent ? top(byKey[c.parent]) : null;
        // Ghost threads one level deep: a reply to a reply hangs under the top-level comment and names the
        // reply it answers in in_reply_to_id (as comments-ui does)
        const inReplyTo = c.parent && byKey[c.parent].parent ? ghostId[c.parent] : null;
        const data = {post_id: postId[p.slug], html: commentHtml(c.text)};   // the Members API wants post_id on replies too
        if (parent) Object.assign(data, {parent_id: ghostId[parent.key], in_reply_to_id: inReplyTo});
        let made;
        if (p === newest) {   // as a visitor does it, with the comments-ui's API and a member session
            const ms = await session(m);
            ({comments: [made]} = await ms.post('/members/api/comments/', {comments: [data]}, {expect: [201]}));
            viaMembers++;
            await sleep(1100);   // created_at has one-second resolution: keep the order unambiguous
        } else {
            ({comments: [made]} = await admin.post(admin.admin('/comments/'), {comments: [{
                ...data, member_id: m.id, created_at: utc(c.date)
            }]}, {expect: [201]}));
            viaAdmin++;
        }
        ghostId[c.key] = made.id;
        keyOf[made.id] = c.key;
    }
    // not shown: hold/spam hidden by the staff, trash deleted by its own member (Members API)
    for (const c of ordered) {
        if (c.status === 'hold' || c.status === 'spam') {
            await admin.put(admin.admin(`/comments/${ghostId[c.key]}/`), {comments: [{id: ghostId[c.key], status: 'hidden'}]});
        } else if (c.status === 'trash') {
            const ms = await session(memberFor(c));
            await ms.put(`/members/api/comments/${ghostId[c.key]}/`, {comments: [{id: ghostId[c.key], status: 'deleted'}]});
        } else if (c.status !== 'approved') {
            throw new Error(`comment ${c.key}: unknown status ${c.status}`);
        }
    }
}

// the newest post: a short live conversation through the Members API (Ghost-only texts, keys g1..g4)
{
    const first = newest.comments.filter(c => c.type === 'comment' && !c.parent).sort((a, b) => a.date.localeCompare(b.date));
    const [c1, c2] = first;
    const author = users[newest.author];
    const staff = await session(memberOf[author.email.toLowerCase()]);
    const asker = await session(memberFor(c1));
    const {comments: [r1]} = await staff.post('/members/api/comments/', {comments: [{
        post_id: postId[newest.slug], parent_id: ghostId[c1.key],
        html: '<p>Thank you for this. Naming the rupture out loud is often the hardest part, for both people in the room.</p>'
    }]}, {expect: [201]});
    await sleep(1100);
    const {comments: [r2]} = await asker.post('/members/api/comments/', {comments: [{
        post_id: postId[newest.slug], parent_id: ghostId[c1.key], in_reply_to_id: r1.id,
        html: '<p>That is exactly it. Once it was said, it stopped being a secret between us.<br>And the next session felt different.</p>'
    }]}, {expect: [201]});
    if (r2.in_reply_to_id !== r1.id) throw new Error('in_reply_to_id was not kept');
    await sleep(1100);
    // two more, so that this thread has 4 replies: the post's comment list embeds 3, the rest come from
    // /members/api/comments/<id>/replies/ ("show more replies" in the widget)
    const other = c2 ? await session(memberFor(c2)) : asker;
    const {comments: [r3]} = await other.post('/members/api/comments/', {comments: [{
        post_id: postId[newest.slug], parent_id: ghostId[c1.key],
        html: '<p>Reading this thread helps. I had a rupture with my counsellor last spring and never went back; maybe I should have said something.</p>'
    }]}, {expect: [201]});
    await sleep(1100);
    const {comments: [r4]} = await staff.post('/members/api/comments/', {comments: [{
        post_id: postId[newest.slug], parent_id: ghostId[c1.key], in_reply_to_id: r3.id,
        html: '<p>It is rarely too late to say it. Many therapists would welcome a letter, or one more session to talk about what happened.</p>'
    }]}, {expect: [201]});
    await other.post(`/members/api/comments/${ghostId[c1.key]}/like/`, undefined, {expect: [200, 201, 204]});
    Object.assign(keyOf, {[r1.id]: 'g1', [r2.id]: 'g2', [r3.id]: 'g3', [r4.id]: 'g4'});
    viaMembers += 4;
}
log(`comments: ${viaAdmin} through the Admin API import, ${viaMembers} through the Members API`);

fs.writeFileSync(path.join(S, 'fixture-keys.json'), JSON.stringify(keyOf, null, 1) + '\n');
fs.writeFileSync(doneFile, HASH + '\n');
log('seeded');
