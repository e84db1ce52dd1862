<?php
/**
 * Comment counts from Parley wherever themes and feeds ask WordPress for them
 * (get_comments_number: "12 Comments" links, <slash:comments> in feeds).
 *
 * A list of posts is counted in one request: the posts a query returns are noted, and the first
 * count asked for fetches them all.
 *
 * @package Parley
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

add_filter( 'the_posts', 'parley_note_posts_to_count', 10, 2 );
add_filter( 'get_comments_number', 'parley_comments_number', 10, 2 );

/**
 * Counts known in this request, and threads noted but not fetched yet.
 *
 * @return array{known: array<string,int|null>, pending: array<string,bool>}
 */
function &parley_count_state() {
	static $state = array(
		'known'   => array(),
		'pending' => array(),
	);
	return $state;
}

/**
 * Whether counts come from Parley in this request: on the site and in feeds, not in wp-admin,
 * where WordPress's own comments are still managed.
 *
 * @return bool
 */
function parley_counts_apply() {
	return parley_is_active() && ( ! is_admin() || wp_doing_ajax() );
}

/**
 * Notes the posts a query found, to count them together later.
 *
 * @param WP_Post[] $posts The posts.
 * @return WP_Post[]
 */
function parley_note_posts_to_count( $posts ) {
	if ( ! parley_counts_apply() || ! is_array( $posts ) ) {
		return $posts;
	}
	$state = &parley_count_state();
	foreach ( $posts as $post ) {
		if ( $post instanceof WP_Post && post_type_supports( $post->post_type, 'comments' ) ) {
			$thread = parley_thread_url( $post );
			if ( ! array_key_exists( $thread, $state['known'] ) ) {
				$state['pending'][ $thread ] = true;
			}
		}
	}
	return $posts;
}

/**
 * The number of comments Parley has for a post; WordPress's own number when Parley cannot say.
 *
 * @param string|int $count   WordPress's count.
 * @param int        $post_id The post.
 * @return string|int
 */
function parley_comments_number( $count, $post_id ) {
	if ( ! parley_counts_apply() ) {
		return $count;
	}
	$post = get_post( $post_id );
	if ( ! $post ) {
		return $count;
	}
	$thread = parley_thread_url( $post );
	$state  = &parley_count_state();
	if ( ! array_key_exists( $thread, $state['known'] ) ) {
		$state['pending'][ $thread ] = true;
		parley_resolve_counts();
	}
	// null: Parley could not say, and is not asked again in this request.
	return isset( $state['known'][ $thread ] ) ? $state['known'][ $thread ] : $count;
}

/**
 * Fills the known counts for every pending thread: from fresh cache entries, then from Parley in
 * bulk, then from stale cache entries when Parley did not answer.
 */
function parley_resolve_counts() {
	$state   = &parley_count_state();
	$threads = array_keys( $state['pending'] );
	$stale   = array();
	$ask     = array();
	foreach ( $threads as $thread ) {
		$cached = get_transient( parley_cache_key( 'count', $thread ) );
		if ( is_array( $cached ) && time() - (int) $cached['at'] < parley_cache_seconds() ) {
			$state['known'][ $thread ] = (int) $cached['n'];
		} else {
			$ask[] = $thread;
			if ( is_array( $cached ) ) {
				$stale[ $thread ] = (int) $cached['n'];
			}
		}
	}
	$state['pending'] = array();
	if ( ! $ask ) {
		return;
	}
	$fetched = parley_fetch_counts( $ask );
	foreach ( $ask as $thread ) {
		if ( isset( $fetched[ $thread ] ) ) {
			$state['known'][ $thread ] = $fetched[ $thread ];
			set_transient(
				parley_cache_key( 'count', $thread ),
				array(
					'n'  => $fetched[ $thread ],
					'at' => time(),
				),
				parley_cache_seconds() + PARLEY_STALE_SECONDS
			);
		} else {
			$state['known'][ $thread ] = isset( $stale[ $thread ] ) ? $stale[ $thread ] : null;
		}
	}
}
