<?php
/**
 * Reading from the Parley server: the server-rendered section of a thread and comment counts,
 * each cached in a transient so that a busy page costs Parley one request per cache period.
 *
 * @package Parley
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

// A page waits at most this long for Parley; readers with JavaScript get the widget anyway.
const PARLEY_SECTION_TIMEOUT = 3;
const PARLEY_COUNTS_TIMEOUT  = 2;
// After a failure Parley is left alone this long, so a server that is down does not add a
// timeout to every page view.
const PARLEY_BACKOFF_SECONDS = 30;
// A cached copy is kept this long past its freshness, to be shown while Parley cannot answer.
const PARLEY_STALE_SECONDS = DAY_IN_SECONDS;

/**
 * The transient name of a cached value (transient names are limited to 172 characters).
 *
 * @param string $kind  'section', 'count' or 'down'.
 * @param string $thing What is cached (a thread URL, the base URL).
 * @return string
 */
function parley_cache_key( $kind, $thing ) {
	return 'parley_' . $kind . '_' . md5( parley_base_url() . '|' . parley_site_id() . '|' . $thing );
}

/**
 * GET from Parley. Any answer but 200 is an error; no redirect is followed.
 *
 * @param string $url     Absolute URL on the Parley server.
 * @param int    $timeout Seconds.
 * @return string|WP_Error The body.
 */
function parley_http_get( $url, $timeout ) {
	$down = parley_cache_key( 'down', '' );
	if ( get_transient( $down ) ) {
		return new WP_Error( 'parley_backoff', __( 'Parley did not answer a moment ago.', 'parley' ) );
	}
	$response = wp_remote_get(
		$url,
		array(
			'timeout'     => $timeout,
			'redirection' => 0,
			'user-agent'  => 'Parley for WordPress/' . PARLEY_PLUGIN_VERSION . '; ' . home_url( '/' ),
		)
	);
	if ( is_wp_error( $response ) ) {
		set_transient( $down, 1, PARLEY_BACKOFF_SECONDS );
		return $response;
	}
	$code = (int) wp_remote_retrieve_response_code( $response );
	if ( 200 !== $code ) {
		if ( $code >= 500 ) {
			set_transient( $down, 1, PARLEY_BACKOFF_SECONDS );
		}
		/* translators: %d: an HTTP status code. */
		return new WP_Error( 'parley_http', sprintf( __( 'Parley answered with HTTP status %d.', 'parley' ), $code ) );
	}
	return (string) wp_remote_retrieve_body( $response );
}

/**
 * How long a fetched section or count is served before Parley is asked again.
 *
 * @return int Seconds.
 */
function parley_cache_seconds() {
	return max( 0, (int) parley_settings()['cache_seconds'] );
}

/**
 * The comment section of a thread as Parley renders it, ready to put into a WordPress page,
 * or null when Parley cannot be reached and nothing was cached.
 *
 * @param string $thread The thread's URL.
 * @param string $title  The post's title, stored by Parley with the thread's first comment.
 * @return string|null
 */
function parley_section( $thread, $title ) {
	$key    = parley_cache_key( 'section', $thread );
	$cached = get_transient( $key );
	if ( is_array( $cached ) && time() - (int) $cached['at'] < parley_cache_seconds() ) {
		return (string) $cached['html'];
	}
	$page    = parley_http_get( parley_standalone_url( $thread ), PARLEY_SECTION_TIMEOUT );
	$section = is_wp_error( $page ) ? null : parley_extract_section( $page, $title );
	if ( null !== $section ) {
		set_transient(
			$key,
			array(
				'html' => $section,
				'at'   => time(),
			),
			parley_cache_seconds() + PARLEY_STALE_SECONDS
		);
		return $section;
	}
	// An older copy beats a page without its comments.
	return is_array( $cached ) ? (string) $cached['html'] : null;
}

/**
 * Cuts the comment section out of Parley's standalone page and makes its links work from here.
 *
 * The markup is Parley's own: every text a commenter wrote was escaped or sanitized by the server
 * that this site's administrator configured, so it is passed on as it is (kses would remove the form).
 *
 * @param string $page  The standalone page's HTML.
 * @param string $title The post's title.
 * @return string|null
 */
function parley_extract_section( $page, $title ) {
	if ( ! preg_match( '#<section class="parley"[^>]*>.*</section>#s', $page, $m ) ) {
		return null;
	}
	$base = parley_base_url();
	// The server writes links to itself as paths: here they would point at WordPress.
	$section = preg_replace_callback(
		'#\b(href|action)="/(?!/)#',
		function ( $attr ) use ( $base ) {
			return $attr[1] . '="' . esc_attr( $base ) . '/';
		},
		$m[0]
	);
	// The widget reads the site and the article's title from the section it enhances.
	$extra = ' data-parley-site="' . esc_attr( parley_site_id() ) . '" data-parley-title="' . esc_attr( $title ) . '"';
	return preg_replace( '#^<section class="parley"#', '<section class="parley"' . $extra, $section, 1 );
}

/**
 * Comment counts of many threads, one request per 50 (a longer query string risks the server's
 * header limit). Threads Parley could not count are left out.
 *
 * @param string[] $threads Thread URLs.
 * @return array<string,int> Count by thread URL.
 */
function parley_fetch_counts( array $threads ) {
	$counts = array();
	foreach ( array_chunk( array_values( array_unique( $threads ) ), 50 ) as $chunk ) {
		$query = 'site=' . rawurlencode( parley_site_id() );
		foreach ( $chunk as $thread ) {
			$query .= '&thread=' . rawurlencode( $thread );
		}
		$body = parley_http_get( parley_base_url() . '/api/v1/counts?' . $query, PARLEY_COUNTS_TIMEOUT );
		if ( is_wp_error( $body ) ) {
			break;
		}
		$answer = json_decode( $body, true );
		if ( ! is_array( $answer ) || ! isset( $answer['counts'] ) || ! is_array( $answer['counts'] ) ) {
			break;
		}
		foreach ( $chunk as $thread ) {
			if ( isset( $answer['counts'][ $thread ] ) && is_numeric( $answer['counts'][ $thread ] ) ) {
				$counts[ $thread ] = (int) $answer['counts'][ $thread ];
			}
		}
	}
	return $counts;
}
