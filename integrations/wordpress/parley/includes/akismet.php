<?php
/**
 * Sends the Akismet plugin's API calls to Parley instead of rest.akismet.com, so that comments
 * WordPress still receives (or another plugin's forms) are checked by Parley's spam engine.
 *
 * On when "Send Akismet's checks to Parley" is ticked (the Parley URL above is used), or when
 * wp-config.php defines PARLEY_AKISMET_URL, as the older stand-alone must-use plugin asked.
 * The Akismet key is one from `parley akismet-keys create`, entered in Akismet's settings or
 * defined as WPCOM_API_KEY.
 *
 * The Akismet plugin's host is a constant; WordPress lets a filter answer any HTTP request
 * before it is sent, which is where the call is made again, to Parley.
 *
 * @package Parley
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

// The stand-alone must-use plugin (docs/wordpress/parley-akismet.php until Parley for WordPress
// took it in) is still installed: it does this job already.
if ( function_exists( 'parley_akismet_pre_http_request' ) ) {
	return;
}

add_filter( 'pre_http_request', 'parley_akismet_redirect', 10, 3 );

/**
 * Where Akismet's calls go, or '' to leave them alone.
 *
 * @return string
 */
function parley_akismet_url() {
	if ( defined( 'PARLEY_AKISMET_URL' ) ) {
		return untrailingslashit( (string) PARLEY_AKISMET_URL );
	}
	return ! empty( parley_settings()['akismet'] ) ? parley_base_url() : '';
}

/**
 * Answers a request to rest.akismet.com by making it to Parley.
 *
 * @param false|array|WP_Error $response A response another filter already produced, or false.
 * @param array                $args     The request's arguments (method, headers, body, …).
 * @param string               $url      The URL the Akismet plugin asked for.
 * @return false|array|WP_Error
 */
function parley_akismet_redirect( $response, $args, $url ) {
	$parley = false === $response ? parley_akismet_url() : '';
	if ( '' === $parley ) {
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

	$target = $parley
		. ( isset( $parts['path'] ) ? $parts['path'] : '/' )
		. ( isset( $parts['query'] ) ? '?' . $parts['query'] : '' );

	if ( '' !== $label ) {
		$args = parley_akismet_key_in_body( $args, $label );
	}

	// The plugin names rest.akismet.com in its own Host header; Parley's must come from the URL.
	if ( isset( $args['headers'] ) && is_array( $args['headers'] ) ) {
		foreach ( array_keys( $args['headers'] ) as $name ) {
			if ( 'host' === strtolower( (string) $name ) ) {
				unset( $args['headers'][ $name ] );
			}
		}
	}

	// The scheme is Parley's: the plugin's plain-HTTP fallback never applies here.
	return wp_remote_request( $target, $args );
}

/**
 * Puts the key from the host name into the body as api_key, unless the body has one.
 *
 * @param array  $args The request's arguments.
 * @param string $key  The host name's first label.
 * @return array
 */
function parley_akismet_key_in_body( $args, $key ) {
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
