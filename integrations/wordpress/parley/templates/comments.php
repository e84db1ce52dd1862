<?php
/**
 * Stands in for the theme's comments.php while Parley shows the comments.
 *
 * @package Parley
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

// The section is Parley's server-rendered markup, escaped by Parley; the fallback is escaped here.
echo parley_comments_markup( get_post() ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
