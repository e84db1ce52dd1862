<?php
/**
 * Plugin Name: Parley for Akismet
 * Description: Sends the Akismet plugin's API calls to a Parley server instead of rest.akismet.com.
 * Version:     1.0.0
 * License:     MIT
 *
 * Install: copy this file to wp-content/mu-plugins/ and add to wp-config.php:
 *
 *   define( 'PARLEY_AKISMET_URL', 'https://akismet.example.org' ); // your Parley server
 *   define( 'WPCOM_API_KEY', 'abcdefghijkl' );                     // from `parley akismet-keys create`
 *
 * The Akismet plugin's host is a constant; WordPress lets a filter answer any HTTP request
 * before it is sent, which is where the call is made again, to Parley.
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

add_filter( 'pre_http_request', 'parley_akismet_pre_http_request', 10, 3 );

/**
 * @param false|array|WP_Error $response A response another filter already produced, or false.
 * @param array                $args     The request's arguments (method, headers, body, …).
 * @param string               $url      The URL the Akismet plugin asked for.
 * @return false|array|WP_Error
 */
function parley_akismet_pre_http_request( $response, $args, $url ) {
	if ( false !== $response || ! defined( 'PARLEY_AKISMET_URL' ) || '' === PARLEY_AKISMET_URL ) {
		return $response;
	}
	$parts = wp_parse_url( $url );
	$host  = isset( $parts['host'] ) ? strtolower( $parts['host'] ) : '';
	$base  = 'rest.akismet.com';
	$label = '';
	if ( $host !== $base ) {
		$suffix = '.' . $base;
		if ( strlen( $host ) <= strlen( $suffix ) || substr( $host, -strlen( $suffix ) ) !== $suffix ) {
			return $response; // Not an Akismet call: leave it alone.
		}
		// Older plugin versions send the key as the first label of the host name.
		$label = substr( $host, 0, -strlen( $suffix ) );
	}

	$target = untrailingslashit( PARLEY_AKISMET_URL )
		. ( isset( $parts['path'] ) ? $parts['path'] : '/' )
		. ( isset( $parts['query'] ) ? '?' . $parts['query'] : '' );

	if ( '' !== $label ) {
		$args = parley_akismet_add_key( $args, $label );
	}

	// The plugin names rest.akismet.com in its own Host header; Parley's must come from the URL.
	if ( isset( $args['headers'] ) && is_array( $args['headers'] ) ) {
		foreach ( array_keys( $args['headers'] ) as $name ) {
			if ( 'host' === strtolower( (string) $name ) ) {
				unset( $args['headers'][ $name ] );
			}
		}
	}

	// The scheme is PARLEY_AKISMET_URL's: the plugin's plain-HTTP fallback never applies here.
	return wp_remote_request( $target, $args );
}

/**
 * Puts the key from the host name into the body as api_key, unless the body has one.
 *
 * @param array  $args The request's arguments.
 * @param string $key  The host name's first label.
 * @return array
 */
function parley_akismet_add_key( $args, $key ) {
	$body = isset( $args['body'] ) ? $args['body'] : '';
	if ( is_array( $body ) ) {
		if ( ! isset( $body['api_key'] ) && ! isset( $body['key'] ) ) {
			$body['api_key'] = $key;
		}
	} elseif ( is_string( $body ) ) {
		if ( ! preg_match( '/(^|&)(api_key|key)=/', $body ) ) {
			$body .= ( '' === $body ? '' : '&' ) . 'api_key=' . rawurlencode( $key );
		}
	}
	$args['body'] = $body;
	return $args;
}
