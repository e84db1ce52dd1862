<?php
/**
 * Deleting the plugin removes its settings. WordPress's comments were never changed; the ones
 * moved to Parley stay on the Parley server.
 *
 * @package Parley
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

delete_option( 'parley_settings' );
delete_option( 'parley_last_move' );
global $wpdb;
// Cached sections and counts: transients named parley_*.
$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_parley\\_%' OR option_name LIKE '\\_transient\\_timeout\\_parley\\_%'" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
