<?php
/**
 * Stands in for the theme's comments.php while Parley shows the comments.
 *
 * @package Parley
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Filters the classes of the box around the section. Most classic themes style their comments in
 * a box named comments-area; default-max-width is Twenty Twenty-One's content column.
 *
 * @param string $classes Space-separated class names.
 */
$parley_classes = (string) apply_filters( 'parley_comments_area_class', 'comments-area default-max-width' );

echo '<div class="' . esc_attr( $parley_classes ) . '">';
// The section is Parley's server-rendered markup, escaped by Parley; the fallback is escaped here.
echo parley_comments_markup( get_post() ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
echo '</div>';
