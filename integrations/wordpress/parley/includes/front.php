<?php
/**
 * Parley's comment section where a theme shows WordPress's comments: the comments template of
 * classic themes and the Comments block of block themes.
 *
 * @package Parley
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

add_filter( 'comments_template', 'parley_comments_template', 20 );
add_filter( 'render_block_core/comments', 'parley_render_comments_block', 10, 3 );
add_filter( 'render_block_core/post-comments', 'parley_render_comments_block', 10, 3 );
add_filter( 'render_block_core/post-comments-form', 'parley_render_comment_form_block', 10, 3 );
add_action( 'wp_enqueue_scripts', 'parley_enqueue_style' );
add_filter( 'script_loader_tag', 'parley_async_embed', 10, 2 );
add_action( 'pre_comment_on_post', 'parley_refuse_wordpress_comment' );

/**
 * Our template instead of the theme's comments.php.
 *
 * @param string $template The theme's template.
 * @return string
 */
function parley_comments_template( $template ) {
	return parley_is_active() ? PARLEY_PLUGIN_DIR . 'templates/comments.php' : $template;
}

/**
 * The section instead of a block theme's Comments block.
 *
 * @param string   $content  The block's HTML.
 * @param array    $block    The parsed block.
 * @param WP_Block $instance The block, with its post in its context.
 * @return string
 */
function parley_render_comments_block( $content, $block, $instance = null ) {
	if ( ! parley_is_active() ) {
		return $content;
	}
	$post_id = ( $instance instanceof WP_Block && isset( $instance->context['postId'] ) ) ? $instance->context['postId'] : get_the_ID();
	$post    = get_post( $post_id );
	return $post ? parley_comments_markup( $post ) : $content;
}

/**
 * A Post Comments Form block outside a Comments block would still offer WordPress's form.
 *
 * @param string $content The block's HTML.
 * @return string
 */
function parley_render_comment_form_block( $content ) {
	return parley_is_active() ? '' : $content;
}

/**
 * The section of a post: Parley's server-rendered thread and form (which readers without
 * JavaScript and search engines get), enhanced in place by the widget; when Parley could not be
 * reached, a host for the widget with a plain link to the thread on Parley.
 *
 * @param WP_Post $post The post.
 * @return string HTML.
 */
function parley_comments_markup( $post ) {
	$thread = parley_thread_url( $post );
	$title  = wp_strip_all_tags( get_the_title( $post ) );
	wp_enqueue_script( 'parley-embed', parley_base_url() . '/embed.js', array(), null, true ); // phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion -- Parley revalidates embed.js itself.
	$section = parley_section( $thread, $title );
	if ( null !== $section ) {
		return $section;
	}
	return sprintf(
		'<div id="comments" class="parley-fallback" data-parley-thread="%1$s" data-parley-site="%2$s" data-parley-title="%3$s"><p><a href="%4$s">%5$s</a></p></div>',
		esc_attr( $thread ),
		esc_attr( parley_site_id() ),
		esc_attr( $title ),
		esc_url( parley_standalone_url( $thread ) ),
		esc_html__( 'Read the comments on this article, or write one', 'parley' )
	);
}

/**
 * Parley's stylesheet for the server-rendered section, on the pages that have one.
 */
function parley_enqueue_style() {
	if ( parley_is_active() && is_singular() ) {
		wp_enqueue_style( 'parley', parley_base_url() . '/static/parley.css', array(), PARLEY_PLUGIN_VERSION );
	}
}

/**
 * The loader is tiny and waits for the section to come near the viewport: it must never hold up
 * the page.
 *
 * @param string $tag    The script tag.
 * @param string $handle Its handle.
 * @return string
 */
function parley_async_embed( $tag, $handle ) {
	if ( 'parley-embed' !== $handle || false !== strpos( $tag, ' async' ) ) {
		return $tag;
	}
	return str_replace( ' src=', ' async src=', $tag );
}

/**
 * While Parley shows the comments, nobody sees WordPress's form: what still arrives at
 * wp-comments-post.php is sent by scripts, and would only fill the moderation queue.
 */
function parley_refuse_wordpress_comment() {
	if ( parley_is_active() ) {
		wp_die(
			esc_html__( 'Comments on this site are written in the comment section under each article.', 'parley' ),
			esc_html__( 'Comments', 'parley' ),
			array(
				'response'  => 403,
				'back_link' => true,
			)
		);
	}
}
