<?php
/**
 * Plugin Name:       Parley
 * Description:       Puts your Parley server's comment section under every post instead of WordPress's comments: rendered on the server, enhanced by Parley's widget, counted by Parley. Moves the existing comments over in one click, and leaves them in place.
 * Version:           1.0.0
 * Requires at least: 6.0
 * Requires PHP:      7.4
 * License:           MIT
 * Text Domain:       parley
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'PARLEY_PLUGIN_VERSION', '1.0.0' );
define( 'PARLEY_PLUGIN_DIR', __DIR__ . '/' );

require_once PARLEY_PLUGIN_DIR . 'includes/options.php';
require_once PARLEY_PLUGIN_DIR . 'includes/client.php';
require_once PARLEY_PLUGIN_DIR . 'includes/front.php';
require_once PARLEY_PLUGIN_DIR . 'includes/counts.php';
require_once PARLEY_PLUGIN_DIR . 'includes/akismet.php';

if ( is_admin() ) {
	require_once PARLEY_PLUGIN_DIR . 'includes/settings.php';
	require_once PARLEY_PLUGIN_DIR . 'includes/wxr.php';
	require_once PARLEY_PLUGIN_DIR . 'includes/move.php';
}
