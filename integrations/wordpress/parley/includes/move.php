<?php
/**
 * "Move the WordPress comments into Parley": the site's comments as WXR, sent to Parley's import.
 * WordPress's comments are only read, never changed: switching back to them loses nothing.
 *
 * Parley answers POST /api/v1/admin/sites/{site}/import?format=wxr (with the admin key) with the
 * numbers of what it imported; it recognises comments it already has, so the move can be run
 * again (after new comments arrived, or after a failure half-way) without duplicating any.
 *
 * @package Parley
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

// Parley parses and writes a whole batch inside one request.
const PARLEY_MOVE_TIMEOUT   = 120;
const PARLEY_MOVE_PER_BATCH = 1000;

add_action( 'admin_post_parley_move', 'parley_handle_move' );

/**
 * The button's target: only administrators, only with the form's nonce.
 */
function parley_handle_move() {
	if ( ! current_user_can( 'manage_options' ) ) {
		wp_die( esc_html__( 'Sorry, you are not allowed to move the comments.', 'parley' ), '', array( 'response' => 403 ) );
	}
	check_admin_referer( 'parley_move' );
	if ( function_exists( 'set_time_limit' ) ) {
		set_time_limit( 0 ); // phpcs:ignore Squiz.PHP.DiscouragedFunctions -- a large site's move takes minutes.
	}
	$result = parley_move_comments();
	set_transient( 'parley_move_result_' . get_current_user_id(), $result, 10 * MINUTE_IN_SECONDS );
	if ( empty( $result['error'] ) ) {
		update_option( 'parley_last_move', array_merge( $result, array( 'at' => time() ) ), false );
	}
	wp_safe_redirect( admin_url( 'options-general.php?page=parley&parley-moved=1' ) );
	exit;
}

/**
 * Sends every batch; stops at the first refusal, saying how far it got.
 *
 * @return array{batches: int, posts: int, sent: int, threads: int, imported: int, already: int, invalid: int, problems: string[], error?: string}
 */
function parley_move_comments() {
	$settings = parley_settings();
	$result   = array(
		'batches'  => 0,
		'posts'    => 0,
		'sent'     => 0,
		'threads'  => 0,
		'imported' => 0,
		'already'  => 0,
		'invalid'  => 0,
		'problems' => array(),
	);
	if ( ! parley_is_active() || '' === $settings['admin_key'] ) {
		$result['error'] = __( 'Set the Parley URL, the site id and an admin key first.', 'parley' );
		return $result;
	}
	$endpoint = parley_base_url() . '/api/v1/admin/sites/' . rawurlencode( parley_site_id() ) . '/import?format=wxr';
	foreach ( parley_wxr_batches( PARLEY_MOVE_PER_BATCH ) as $batch ) {
		$response = wp_remote_post(
			$endpoint,
			array(
				'timeout'     => PARLEY_MOVE_TIMEOUT,
				'redirection' => 0,
				'headers'     => array(
					'Authorization' => 'Bearer ' . $settings['admin_key'],
					'Content-Type'  => 'application/xml; charset=utf-8',
					'Accept'        => 'application/json',
				),
				'body'        => $batch['xml'],
			)
		);
		$failure = parley_move_failure( $response );
		if ( null !== $failure ) {
			$result['error'] = $failure;
			return $result;
		}
		$answer = json_decode( wp_remote_retrieve_body( $response ), true );
		++$result['batches'];
		$result['posts']    += $batch['posts'];
		$result['sent']     += $batch['comments'];
		$result['threads']  += parley_move_number( $answer, array( 'threads' ) );
		$result['imported'] += parley_move_number( $answer, array( 'comments', 'imported' ) );
		$result['already']  += parley_move_number( $answer, array( 'comments', 'alreadyImported' ) );
		$result['invalid']  += parley_move_number( $answer, array( 'comments', 'invalid' ) );
		if ( isset( $answer['problems'] ) && is_array( $answer['problems'] ) ) {
			foreach ( array_slice( $answer['problems'], 0, 20 ) as $problem ) {
				if ( is_array( $problem ) && isset( $problem['message'] ) ) {
					$result['problems'][] = ( isset( $problem['at'] ) ? $problem['at'] . ': ' : '' ) . $problem['message'];
				}
			}
		}
	}
	return $result;
}

/**
 * Why a batch was refused, in words for the administrator, or null when it went through.
 *
 * @param array|WP_Error $response Parley's answer.
 * @return string|null
 */
function parley_move_failure( $response ) {
	if ( is_wp_error( $response ) ) {
		/* translators: %s: the HTTP client's error message. */
		return sprintf( __( 'Parley could not be reached: %s', 'parley' ), $response->get_error_message() );
	}
	$code = (int) wp_remote_retrieve_response_code( $response );
	if ( 200 === $code ) {
		return null;
	}
	$answer  = json_decode( wp_remote_retrieve_body( $response ), true );
	$message = isset( $answer['error']['message'] ) ? (string) $answer['error']['message'] : '';
	$reason  = isset( $answer['error']['code'] ) ? (string) $answer['error']['code'] : '';
	// A 404 that names no missing site is a route this server does not have.
	if ( 404 === $code && 'SITE_NOT_FOUND' !== $reason ) {
		return __( 'This Parley server cannot import comments yet: it is older than this plugin.', 'parley' );
	}
	/* translators: 1: an HTTP status code, 2: Parley's error code, 3: Parley's message. */
	return trim( sprintf( __( 'Parley refused the comments (HTTP %1$d %2$s) %3$s', 'parley' ), $code, $reason, $message ) );
}

/**
 * A number inside Parley's answer, 0 when it is missing.
 *
 * @param mixed    $answer The decoded answer.
 * @param string[] $path   Keys to follow.
 * @return int
 */
function parley_move_number( $answer, array $path ) {
	foreach ( $path as $key ) {
		if ( ! is_array( $answer ) || ! isset( $answer[ $key ] ) ) {
			return 0;
		}
		$answer = $answer[ $key ];
	}
	return is_numeric( $answer ) ? (int) $answer : 0;
}
