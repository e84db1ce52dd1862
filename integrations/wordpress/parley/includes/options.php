<?php
/**
 * The plugin's settings, kept in one option.
 *
 * @package Parley
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

const PARLEY_OPTION = 'parley_settings';

/**
 * What an install that never saved the settings page has.
 *
 * @return array
 */
function parley_default_settings() {
	return array(
		'url'           => '',
		'site'          => '',
		'admin_key'     => '',
		'cache_seconds' => 60,
		'akismet'       => 0,
	);
}

/**
 * The saved settings over the defaults.
 *
 * @return array
 */
function parley_settings() {
	$saved = get_option( PARLEY_OPTION, array() );
	return array_merge( parley_default_settings(), is_array( $saved ) ? $saved : array() );
}

/**
 * The Parley server's base URL, without a trailing slash ('' when not set).
 *
 * @return string
 */
function parley_base_url() {
	return untrailingslashit( (string) parley_settings()['url'] );
}

/**
 * The Parley site id this WordPress belongs to.
 *
 * @return string
 */
function parley_site_id() {
	return (string) parley_settings()['site'];
}

/**
 * Whether Parley takes over the comment sections: only once both the server and the site are known,
 * so a half-filled settings page leaves WordPress's own comments showing.
 *
 * @return bool
 */
function parley_is_active() {
	return '' !== parley_base_url() && '' !== parley_site_id();
}

/**
 * The thread a post's comments live in on Parley: its permalink, as readers and the importer see it.
 *
 * @param WP_Post $post The post.
 * @return string
 */
function parley_thread_url( $post ) {
	/**
	 * Filters the Parley thread of a post (a site that moved domains may map old permalinks here).
	 *
	 * @param string  $url  The post's permalink.
	 * @param WP_Post $post The post.
	 */
	return (string) apply_filters( 'parley_thread_url', get_permalink( $post ), $post );
}

/**
 * Parley's standalone page of a thread: where readers without the section can still read and write.
 *
 * @param string $thread The thread's URL.
 * @return string
 */
function parley_standalone_url( $thread ) {
	return parley_base_url() . '/comments?' . http_build_query(
		array(
			'thread' => $thread,
			'site'   => parley_site_id(),
		),
		'',
		'&',
		PHP_QUERY_RFC3986
	);
}
