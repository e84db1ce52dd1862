<?php
/**
 * Plugin Name: Parley test site
 * Description: The tests' must-use plugin (test/helpers/wordpress.ts): comment counts under each
 *              post on lists, as news themes print them (Twenty Twenty-One does not), and a log of
 *              the HTTP requests WordPress sends, beside wp-content.
 *
 * @package Parley
 */

/**
 * The post's "N Comments" line, on lists only.
 *
 * @param string $text The post's content or excerpt.
 * @return string
 */
function parley_test_site_count( $text ) {
	// An excerpt is made from the content with its tags stripped: the line is added to the excerpt itself.
	if ( is_singular() || is_feed() || ! in_the_loop() || doing_filter( 'get_the_excerpt' ) ) {
		return $text;
	}
	return $text . '<div class="test-comment-count" data-post="' . get_the_ID() . '">' . esc_html( get_comments_number_text() ) . '</div>';
}
// After wpautop, which would fold the line into the post's last paragraph.
add_filter( 'the_content', 'parley_test_site_count', 20 );
add_filter( 'the_excerpt', 'parley_test_site_count', 20 );

add_action(
	'http_api_debug',
	function ( $response, $context, $transport, $args, $url ) {
		file_put_contents( dirname( WP_CONTENT_DIR ) . '/outgoing.log', $args['method'] . ' ' . $url . "\n", FILE_APPEND | LOCK_EX );
	},
	10,
	5
);
