<?php
/**
 * The router of PHP's built-in server for the tests' WordPress (test/helpers/wordpress.ts):
 * wp-content from the instance's own folder (PARLEY_WP_CONTENT), pretty permalinks to index.php,
 * every other existing file as the server would serve it.
 *
 * @package Parley
 */

$parley_path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
if ( 0 === strpos( $parley_path, '/wp-content/' ) ) {
	$parley_file  = realpath( getenv( 'PARLEY_WP_CONTENT' ) . substr( $parley_path, 11 ) );
	$parley_types = array(
		'css'   => 'text/css',
		'js'    => 'text/javascript',
		'svg'   => 'image/svg+xml',
		'png'   => 'image/png',
		'jpg'   => 'image/jpeg',
		'woff2' => 'font/woff2',
		'woff'  => 'font/woff',
		'json'  => 'application/json',
	);
	$parley_ext   = $parley_file ? strtolower( pathinfo( $parley_file, PATHINFO_EXTENSION ) ) : '';
	if ( $parley_file && is_file( $parley_file ) && isset( $parley_types[ $parley_ext ] ) ) {
		header( 'Content-Type: ' . $parley_types[ $parley_ext ] );
		readfile( $parley_file );
	} else {
		http_response_code( 404 );
	}
	return true;
}
if ( '/' !== $parley_path && file_exists( $_SERVER['DOCUMENT_ROOT'] . $parley_path ) ) {
	return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF']    = '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
