#!/usr/bin/perl
# Prints the ground truth (manifest.json) of the ikiwiki blog, read back from ikiwiki itself:
# its setup, its index (.ikiwiki/indexdb: page sources, creation times, [[!meta]] state) and its
# own rendering pipeline (filter -> preprocess -> linkify -> htmlize, the hooks of the loaded
# plugins, incl. the comments plugin's [[!comment]] directive and the htmlscrubber), with the
# resulting HTML turned into plain text. Nothing is taken from seed.py or content.json.
#   perl manifest.pl SETUP_FILE > manifest.json     (after `ikiwiki --setup SETUP_FILE` has run)
use warnings;
use strict;
use lib '/usr/share/perl5';
use IkiWiki;
use IkiWiki::Setup;
use IkiWiki::Render;
use JSON::PP;
use HTML::Entities qw(decode_entities);
use POSIX qw(strftime);
use Encode qw(decode_utf8);

my $setup = shift or die "usage: manifest.pl SETUP_FILE\n";
%IkiWiki::config = IkiWiki::defaultconfig();
IkiWiki::Setup::load($setup);
$IkiWiki::config{verbose} = 0;
IkiWiki::loadplugins();
IkiWiki::checkconfig();              # also sets $ENV{TZ} from the setup's timezone
IkiWiki::loadindex() or die "no ikiwiki index in $IkiWiki::config{wikistatedir}: build the wiki first\n";

our (%pagesources, %pagectime, %pagestate, %config);
*pagesources = \%IkiWiki::pagesources;
*pagectime   = \%IkiWiki::pagectime;
*pagestate   = \%IkiWiki::pagestate;
*config      = \%IkiWiki::config;

sub plain {   # rendered HTML -> plain text: paragraphs separated by a blank line
	my $html = shift;
	$html =~ s/<!--.*?-->//gs;
	$html =~ s/[ \t\r\n\f]+/ /g;
	$html =~ s{\s*<br\s*/?>\s*}{\n}gi;
	$html =~ s{</(p|h[1-6]|li|blockquote|div|pre|ul|ol|table|tr)>}{\n\n}gi;
	$html =~ s{<img\b[^>]*\balt="([^"]*)"[^>]*>}{$1}gi;   # smileys
	$html =~ s/<[^>]*>//g;
	my $text = decode_entities($html);
	$text =~ s/\x{a0}/ /g;
	my @lines = map { my $l = $_; $l =~ s/[ \t]+/ /g; $l =~ s/^ +| +$//g; $l } split /\n/, $text, -1;
	$text = join "\n", @lines;
	$text =~ s/\n{3,}/\n\n/g;
	$text =~ s/^\s+|\s+$//g;
	return $text;
}

sub render {  # a page's content as ikiwiki renders it into its own (or its parent's) HTML page
	my ($page, $destpage, $type) = @_;    # $type: to render a pending comment as if approved
	my $file = $pagesources{$page};
	$type //= IkiWiki::pagetype($file);
	my $content = IkiWiki::readfile(IkiWiki::srcfile($file));
	return IkiWiki::htmlize($page, $destpage, $type,
		IkiWiki::linkify($page, $destpage,
		IkiWiki::preprocess($page, $destpage,
		IkiWiki::filter($page, $destpage, $content))));
}

sub iso {     # epoch -> ISO 8601 in the wiki's timezone, with offset
	my $t = shift;
	my $s = strftime("%Y-%m-%dT%H:%M:%S%z", localtime $t);
	$s =~ s/([+-]\d\d)(\d\d)$/$1:$2/;
	return $s;
}

sub meta {
	my ($page, $key) = @_;
	my $v = $pagestate{$page}{meta}{$key};
	return defined $v ? decode_entities($v) : undef;
}

my $base = $config{url};
$base .= '/' unless $base =~ m{/$};
my $postspec = $config{archive_pagespec} || 'page(posts/*) and !*/Discussion';
my %is_post;
for my $page (keys %pagesources) {
	next if IkiWiki::isinternal($page) || ! defined IkiWiki::pagetype($pagesources{$page});
	$is_post{$page} = 1 if IkiWiki::pagespec_match($page, $postspec);
}
my @posts = sort { $pagectime{$a} <=> $pagectime{$b} || $a cmp $b } keys %is_post;

my (@p, @c, @absent, @not_posts);
for my $page (@posts) {
	push @p, {
		page      => $page,
		url       => IkiWiki::urlto($page, undef, 1),
		title     => meta($page, 'title') // IkiWiki::pagetitle(IkiWiki::basename($page)),
		author    => meta($page, 'author'),
		published => iso($pagectime{$page}),
		tags      => [ sort map { IkiWiki::pagetitle(IkiWiki::basename($_)) }
		               keys %{$IkiWiki::typedlinks{$page}{tag} || {}} ],
		text      => plain(render($page, $page)),
	};
}

# Comments: pages of type _comment (shown) and _comment_pending (moderation queue), one level
# below the page they belong to; ikiwiki shows the former on pages matching comments_pagespec.
for my $page (sort keys %pagesources) {
	my $type = IkiWiki::pagetype($pagesources{$page}) // next;
	next unless $type eq '_comment' || $type eq '_comment_pending';
	my $parent = IkiWiki::dirname($page);
	next unless $page =~ m{/\Q$config{comments_pagename}\E\d+_[0-9a-f]+$};
	my $html = render($page, $parent, '_comment');   # a pending one would say "this comment needs moderation"
	my $id = IkiWiki::Plugin::comments::page_to_id($page);
	my $shown = $type eq '_comment' && exists $pagesources{$parent} && !IkiWiki::isinternal($parent)
		&& IkiWiki::pagespec_match($parent, $config{comments_pagespec}, location => $parent);
	my $item = {
		id         => $id,
		page       => $page,
		post_url   => IkiWiki::urlto($parent, undef, 1),
		parent_id  => undef,
		author     => meta($page, 'author'),
		author_url => meta($page, 'authorurl'),
		published  => iso($pagectime{$page}),
		subject    => meta($page, 'title'),
		text       => plain($html),
	};
	if ($shown && $is_post{$parent}) {
		$item->{url} = IkiWiki::urlto($parent, undef, 1) . '#' . $id;
		push @c, $item;
	}
	else {
		$item->{why} = $type eq '_comment_pending' ? 'pending' :
			$shown ? 'not on a post' : "page '$parent' is outside comments_pagespec";
		$item->{source} = $pagesources{$page};
		push @absent, $item;
	}
}
my %post_rank; @post_rank{map { IkiWiki::urlto($_, undef, 1) } @posts} = 0 .. $#posts;
@c = sort { $post_rank{$a->{post_url}} <=> $post_rank{$b->{post_url}}
            || $pagectime{$a->{page}} <=> $pagectime{$b->{page}} || $a->{page} cmp $b->{page} } @c;

for my $page (sort keys %pagesources) {
	next if $is_post{$page} || IkiWiki::isinternal($page) || ! defined IkiWiki::pagetype($pagesources{$page});
	push @not_posts, IkiWiki::urlto($page, undef, 1);
}

my %out = (
	engine         => "ikiwiki $IkiWiki::version",
	generated_from => "ikiwiki's index ($config{wikistatedir}/indexdb) and rendering pipeline, via IkiWiki.pm",
	base_url       => $base,
	site           => {
		wikiname          => $config{wikiname},
		timezone          => $config{timezone},
		timeformat        => $config{timeformat},
		html5             => $config{html5} ? JSON::PP::true : JSON::PP::false,
		comments_pagespec => $config{comments_pagespec},
		posts_pagespec    => $postspec,
		srcdir            => $config{srcdir},
		destdir           => $config{destdir},
	},
	counts         => { posts => scalar @p, comments => scalar @c, absent_comments => scalar @absent,
	                    not_posts => scalar @not_posts },
	posts          => \@p,
	comments       => \@c,
	absent_comments => \@absent,
	not_posts      => \@not_posts,
);
binmode STDOUT, ':raw';   # IkiWiki.pm's `use open qw{:utf8 :std}` put a :utf8 layer on STDOUT
print JSON::PP->new->utf8->pretty->canonical->encode(\%out);
