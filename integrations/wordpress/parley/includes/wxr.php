<?php
/**
 * The site's comments as WXR, the shape of WordPress's own export (Tools → Export), which cannot
 * export comments alone: one <item> per post that has comments, with every comment in it.
 *
 * Unlike WordPress's export, comments marked as spam are included, so Parley keeps them as spam
 * (and its filter can learn from them) instead of losing that verdict. Post bodies are left out:
 * Parley needs the thread's address and title, not the article.
 *
 * @package Parley
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

const PARLEY_WXR_VERSION = '1.2';

/**
 * WXR documents of all the site's comments, each holding whole posts and about $per_batch
 * comments at most (a post with more comments than that is sent alone), so that no request to
 * Parley grows with the size of the site and a reply always travels with its parent.
 *
 * @param int $per_batch Comments per document, roughly.
 * @return Generator<array{xml: string, posts: int, comments: int}>
 */
function parley_wxr_batches( $per_batch = 1000 ) {
	global $wpdb;
	$post_ids = $wpdb->get_col( "SELECT DISTINCT comment_post_ID FROM {$wpdb->comments} ORDER BY comment_post_ID" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	$items    = array();
	$count    = 0;
	foreach ( $post_ids as $post_id ) {
		$post = get_post( (int) $post_id );
		if ( ! $post ) {
			continue; // Comments of a deleted post have no page to go under.
		}
		$comments = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$wpdb->comments} WHERE comment_post_ID = %d ORDER BY comment_ID", $post->ID ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		if ( $items && $count + count( $comments ) > $per_batch ) {
			yield array(
				'xml'      => parley_wxr_document( $items ),
				'posts'    => count( $items ),
				'comments' => $count,
			);
			$items = array();
			$count = 0;
		}
		$items[] = parley_wxr_item( $post, $comments );
		$count  += count( $comments );
	}
	if ( $items ) {
		yield array(
			'xml'      => parley_wxr_document( $items ),
			'posts'    => count( $items ),
			'comments' => $count,
		);
	}
}

/**
 * A text as CDATA, valid XML whatever it holds.
 *
 * @param string $text The text.
 * @return string
 */
function parley_wxr_cdata( $text ) {
	return '<![CDATA[' . str_replace( ']]>', ']]]]><![CDATA[>', parley_wxr_clean( $text ) ) . ']]>';
}

/**
 * A text as escaped character data.
 *
 * @param string $text The text.
 * @return string
 */
function parley_wxr_text( $text ) {
	return htmlspecialchars( parley_wxr_clean( $text ), ENT_XML1 | ENT_QUOTES, 'UTF-8' );
}

/**
 * UTF-8 without the control characters XML 1.0 forbids (old databases hold both).
 *
 * @param string $text The text.
 * @return string
 */
function parley_wxr_clean( $text ) {
	$text = (string) $text;
	if ( ! seems_utf8( $text ) ) {
		$text = function_exists( 'iconv' ) ? (string) iconv( 'ISO-8859-1', 'UTF-8', $text ) : wp_check_invalid_utf8( $text, true );
	}
	return preg_replace( '/[\x00-\x08\x0B\x0C\x0E-\x1F]/', '', $text );
}

/**
 * The document around the items: the channel as WordPress's export writes it.
 *
 * @param string[] $items The <item> elements.
 * @return string
 */
function parley_wxr_document( array $items ) {
	$v   = PARLEY_WXR_VERSION;
	$xml = '<?xml version="1.0" encoding="UTF-8" ?>' . "\n"
		. '<!-- The comments of this WordPress site, written by Parley for WordPress to move them into Parley. -->' . "\n"
		. '<!-- generator="Parley for WordPress/' . PARLEY_PLUGIN_VERSION . '" created="' . gmdate( 'Y-m-d H:i' ) . '" -->' . "\n"
		. '<rss version="2.0"' . "\n"
		. "\txmlns:excerpt=\"http://wordpress.org/export/$v/excerpt/\"\n"
		. "\txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
		. "\txmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n"
		. "\txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		. "\txmlns:wp=\"http://wordpress.org/export/$v/\"\n"
		. ">\n\n<channel>\n"
		. "\t<title>" . parley_wxr_text( get_bloginfo( 'name' ) ) . "</title>\n"
		. "\t<link>" . parley_wxr_text( home_url() ) . "</link>\n"
		. "\t<description>" . parley_wxr_text( get_bloginfo( 'description' ) ) . "</description>\n"
		. "\t<pubDate>" . gmdate( 'D, d M Y H:i:s +0000' ) . "</pubDate>\n"
		. "\t<language>" . parley_wxr_text( get_bloginfo( 'language' ) ) . "</language>\n"
		. "\t<wp:wxr_version>$v</wp:wxr_version>\n"
		. "\t<wp:base_site_url>" . parley_wxr_text( is_multisite() ? network_home_url() : home_url() ) . "</wp:base_site_url>\n"
		. "\t<wp:base_blog_url>" . parley_wxr_text( home_url() ) . "</wp:base_blog_url>\n\n"
		. implode( '', $items )
		. "</channel>\n</rss>\n";
	return $xml;
}

/**
 * One post and its comments.
 *
 * @param WP_Post  $post     The post.
 * @param object[] $comments Its rows of the comments table.
 * @return string
 */
function parley_wxr_item( $post, array $comments ) {
	$author = get_userdata( (int) $post->post_author );
	$out    = "\t<item>\n"
		. "\t\t<title>" . parley_wxr_cdata( $post->post_title ) . "</title>\n"
		. "\t\t<link>" . parley_wxr_text( parley_thread_url( $post ) ) . "</link>\n"
		. "\t\t<pubDate>" . mysql2date( 'D, d M Y H:i:s +0000', $post->post_date_gmt, false ) . "</pubDate>\n"
		. "\t\t<dc:creator>" . parley_wxr_cdata( $author ? $author->user_login : '' ) . "</dc:creator>\n"
		. "\t\t<guid isPermaLink=\"false\">" . parley_wxr_text( $post->guid ) . "</guid>\n"
		. "\t\t<description></description>\n"
		. "\t\t<content:encoded><![CDATA[]]></content:encoded>\n"
		. "\t\t<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n"
		. "\t\t<wp:post_id>" . (int) $post->ID . "</wp:post_id>\n";
	foreach ( array( 'post_date', 'post_date_gmt', 'post_modified', 'post_modified_gmt', 'comment_status', 'ping_status', 'post_name' ) as $field ) {
		$out .= "\t\t<wp:$field>" . parley_wxr_cdata( $post->$field ) . "</wp:$field>\n";
	}
	$out .= "\t\t<wp:status>" . parley_wxr_cdata( $post->post_status ) . "</wp:status>\n"
		. "\t\t<wp:post_parent>" . (int) $post->post_parent . "</wp:post_parent>\n"
		. "\t\t<wp:menu_order>" . (int) $post->menu_order . "</wp:menu_order>\n"
		. "\t\t<wp:post_type>" . parley_wxr_cdata( $post->post_type ) . "</wp:post_type>\n"
		. "\t\t<wp:post_password>" . parley_wxr_cdata( $post->post_password ) . "</wp:post_password>\n"
		. "\t\t<wp:is_sticky>" . ( is_sticky( $post->ID ) ? 1 : 0 ) . "</wp:is_sticky>\n";
	foreach ( $comments as $c ) {
		$out .= parley_wxr_comment( $c );
	}
	return $out . "\t</item>\n";
}

/**
 * One comment, with its metadata.
 *
 * @param object $c A row of the comments table.
 * @return string
 */
function parley_wxr_comment( $c ) {
	global $wpdb;
	$out = "\t\t<wp:comment>\n"
		. "\t\t\t<wp:comment_id>" . (int) $c->comment_ID . "</wp:comment_id>\n"
		. "\t\t\t<wp:comment_author>" . parley_wxr_cdata( $c->comment_author ) . "</wp:comment_author>\n"
		. "\t\t\t<wp:comment_author_email>" . parley_wxr_cdata( $c->comment_author_email ) . "</wp:comment_author_email>\n"
		. "\t\t\t<wp:comment_author_url>" . parley_wxr_text( esc_url_raw( $c->comment_author_url ) ) . "</wp:comment_author_url>\n"
		. "\t\t\t<wp:comment_author_IP>" . parley_wxr_cdata( $c->comment_author_IP ) . "</wp:comment_author_IP>\n"
		. "\t\t\t<wp:comment_date>" . parley_wxr_cdata( $c->comment_date ) . "</wp:comment_date>\n"
		. "\t\t\t<wp:comment_date_gmt>" . parley_wxr_cdata( $c->comment_date_gmt ) . "</wp:comment_date_gmt>\n"
		. "\t\t\t<wp:comment_content>" . parley_wxr_cdata( $c->comment_content ) . "</wp:comment_content>\n"
		. "\t\t\t<wp:comment_approved>" . parley_wxr_cdata( $c->comment_approved ) . "</wp:comment_approved>\n"
		. "\t\t\t<wp:comment_type>" . parley_wxr_cdata( $c->comment_type ) . "</wp:comment_type>\n"
		. "\t\t\t<wp:comment_parent>" . (int) $c->comment_parent . "</wp:comment_parent>\n"
		. "\t\t\t<wp:comment_user_id>" . (int) $c->user_id . "</wp:comment_user_id>\n";
	$meta = $wpdb->get_results( $wpdb->prepare( "SELECT meta_key, meta_value FROM {$wpdb->commentmeta} WHERE comment_id = %d", $c->comment_ID ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	foreach ( $meta as $m ) {
		$out .= "\t\t\t<wp:commentmeta>\n"
			. "\t\t\t\t<wp:meta_key>" . parley_wxr_cdata( $m->meta_key ) . "</wp:meta_key>\n"
			. "\t\t\t\t<wp:meta_value>" . parley_wxr_cdata( $m->meta_value ) . "</wp:meta_value>\n"
			. "\t\t\t</wp:commentmeta>\n";
	}
	return $out . "\t\t</wp:comment>\n";
}
