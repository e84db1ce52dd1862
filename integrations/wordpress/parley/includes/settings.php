<?php
/**
 * Settings → Parley: where the Parley server is, which site this is, the admin key for the move,
 * and the move itself. Saved through the Settings API (options.php checks the capability and the
 * nonce); every value is escaped where it is printed.
 *
 * @package Parley
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

add_action( 'admin_init', 'parley_register_settings' );
add_action( 'admin_menu', 'parley_add_settings_page' );
add_filter( 'plugin_action_links_' . plugin_basename( PARLEY_PLUGIN_DIR . 'parley.php' ), 'parley_settings_link' );

/**
 * The option, its sanitizer and its fields.
 */
function parley_register_settings() {
	register_setting(
		'parley',
		PARLEY_OPTION,
		array(
			'type'              => 'array',
			'sanitize_callback' => 'parley_sanitize_settings',
			'default'           => parley_default_settings(),
		)
	);
	add_settings_section( 'parley_server', __( 'Your Parley server', 'parley' ), 'parley_server_section_intro', 'parley' );
	$fields = array(
		'url'           => __( 'Parley URL', 'parley' ),
		'site'          => __( 'Site id', 'parley' ),
		'admin_key'     => __( 'Admin key', 'parley' ),
		'cache_seconds' => __( 'Cache', 'parley' ),
		'akismet'       => __( 'Akismet', 'parley' ),
	);
	foreach ( $fields as $name => $label ) {
		add_settings_field(
			'parley_' . $name,
			$label,
			'parley_field_' . $name,
			'parley',
			'parley_server',
			array( 'label_for' => 'parley_' . $name )
		);
	}
}

/**
 * Settings → Parley, for those who may manage options.
 */
function parley_add_settings_page() {
	add_options_page( __( 'Parley', 'parley' ), __( 'Parley', 'parley' ), 'manage_options', 'parley', 'parley_settings_page' );
}

/**
 * A "Settings" link beside Deactivate on the Plugins screen.
 *
 * @param string[] $links The plugin's action links.
 * @return string[]
 */
function parley_settings_link( $links ) {
	array_unshift( $links, '<a href="' . esc_url( admin_url( 'options-general.php?page=parley' ) ) . '">' . esc_html__( 'Settings', 'parley' ) . '</a>' );
	return $links;
}

/**
 * Checks what the form sent; a refused value keeps the saved one and says why.
 *
 * @param mixed $input The submitted fields.
 * @return array
 */
function parley_sanitize_settings( $input ) {
	// options.php has checked the capability and the nonce; code that calls update_option() (a
	// deployment script, WP-CLI) is trusted as WordPress trusts it.
	$saved = parley_settings();
	if ( ! is_array( $input ) ) {
		return $saved;
	}
	$out = $saved;

	$url = isset( $input['url'] ) ? trim( wp_unslash( (string) $input['url'] ) ) : '';
	if ( '' === $url ) {
		$out['url'] = '';
	} else {
		$clean = esc_url_raw( $url, array( 'http', 'https' ) );
		$parts = wp_parse_url( $clean );
		if ( '' === $clean || empty( $parts['host'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) ) {
			add_settings_error( PARLEY_OPTION, 'parley_url', __( 'The Parley URL must be an http:// or https:// address, such as https://comments.example.com.', 'parley' ) );
		} else {
			$out['url'] = untrailingslashit( $clean );
		}
	}

	$site = isset( $input['site'] ) ? trim( wp_unslash( (string) $input['site'] ) ) : '';
	if ( '' === $site || preg_match( '/^[A-Za-z0-9_-]{1,64}$/', $site ) ) {
		$out['site'] = $site;
	} else {
		add_settings_error( PARLEY_OPTION, 'parley_site', __( 'The site id is the one `parley site list` prints: letters, digits, - and _.', 'parley' ) );
	}

	// The key is never printed back into the page: an empty field keeps the saved one.
	$key = isset( $input['admin_key'] ) ? trim( wp_unslash( (string) $input['admin_key'] ) ) : '';
	if ( ! empty( $input['forget_admin_key'] ) ) {
		$out['admin_key'] = '';
	} elseif ( '' !== $key ) {
		if ( preg_match( '/^[\x21-\x7E]{1,200}$/', $key ) ) {
			$out['admin_key'] = $key;
		} else {
			add_settings_error( PARLEY_OPTION, 'parley_admin_key', __( 'The admin key has characters no key has.', 'parley' ) );
		}
	}

	$out['cache_seconds'] = isset( $input['cache_seconds'] ) ? min( 3600, absint( $input['cache_seconds'] ) ) : $saved['cache_seconds'];
	$out['akismet']       = empty( $input['akismet'] ) ? 0 : 1;
	return $out;
}

/**
 * The section's introduction.
 */
function parley_server_section_intro() {
	echo '<p>' . esc_html__( 'While the URL and the site id are set, Parley shows the comments under every post, and its counts appear in themes and feeds. Add this site\'s address to the Parley site\'s allowed origins, so readers can post from its pages:', 'parley' ) . ' <code>' . esc_html( untrailingslashit( home_url() ) ) . '</code></p>';
}

/**
 * The URL field.
 */
function parley_field_url() {
	printf(
		'<input type="url" class="regular-text code" id="parley_url" name="%1$s[url]" value="%2$s" placeholder="https://comments.example.com"><p class="description">%3$s</p>',
		esc_attr( PARLEY_OPTION ),
		esc_attr( parley_settings()['url'] ),
		esc_html__( 'Where your Parley server answers, as readers\' browsers reach it.', 'parley' )
	);
}

/**
 * The site id field.
 */
function parley_field_site() {
	printf(
		'<input type="text" class="regular-text code" id="parley_site" name="%1$s[site]" value="%2$s"><p class="description">%3$s</p>',
		esc_attr( PARLEY_OPTION ),
		esc_attr( parley_settings()['site'] ),
		esc_html__( 'The id that `parley site add` printed (`parley site list` shows it again).', 'parley' )
	);
}

/**
 * The admin key field: write-only.
 */
function parley_field_admin_key() {
	$set = '' !== parley_settings()['admin_key'];
	printf(
		'<input type="password" class="regular-text code" id="parley_admin_key" name="%1$s[admin_key]" value="" autocomplete="new-password" placeholder="%2$s"><p class="description">%3$s</p>',
		esc_attr( PARLEY_OPTION ),
		esc_attr( $set ? __( 'saved (type a new one to replace it)', 'parley' ) : '' ),
		esc_html__( 'Needed only to move the existing comments into Parley.', 'parley' )
	);
	if ( $set ) {
		printf(
			'<label><input type="checkbox" name="%1$s[forget_admin_key]" value="1"> %2$s</label>',
			esc_attr( PARLEY_OPTION ),
			esc_html__( 'Forget the saved key', 'parley' )
		);
	}
}

/**
 * The cache field.
 */
function parley_field_cache_seconds() {
	printf(
		'<input type="number" class="small-text" id="parley_cache_seconds" name="%1$s[cache_seconds]" min="0" max="3600" value="%2$d"> %3$s<p class="description">%4$s</p>',
		esc_attr( PARLEY_OPTION ),
		(int) parley_settings()['cache_seconds'],
		esc_html__( 'seconds', 'parley' ),
		esc_html__( 'How long a fetched comment section or count is shown before Parley is asked again. Readers with JavaScript always see the live thread.', 'parley' )
	);
}

/**
 * The Akismet switch.
 */
function parley_field_akismet() {
	printf(
		'<label><input type="checkbox" id="parley_akismet" name="%1$s[akismet]" value="1"%2$s> %3$s</label><p class="description">%4$s</p>',
		esc_attr( PARLEY_OPTION ),
		checked( ! empty( parley_settings()['akismet'] ), true, false ),
		esc_html__( 'Send the Akismet plugin\'s spam checks to Parley instead of Akismet\'s servers', 'parley' ),
		esc_html__( 'For the comments and forms WordPress still handles. Give Akismet a key from `parley akismet-keys create`.', 'parley' )
	);
}

/**
 * The page: the settings form, then the move.
 */
function parley_settings_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		return;
	}
	echo '<div class="wrap"><h1>' . esc_html__( 'Parley', 'parley' ) . '</h1>';
	parley_move_notice();
	echo '<form action="' . esc_url( admin_url( 'options.php' ) ) . '" method="post">';
	settings_fields( 'parley' );
	do_settings_sections( 'parley' );
	submit_button();
	echo '</form>';
	parley_move_form();
	echo '</div>';
}

/**
 * The move's form: what it does, how many comments WordPress has, and the button.
 */
function parley_move_form() {
	$counts = wp_count_comments();
	$total  = (int) $counts->approved + (int) $counts->moderated + (int) $counts->spam + (int) $counts->trash;
	$ready  = parley_is_active() && '' !== parley_settings()['admin_key'];
	echo '<h2>' . esc_html__( 'Move the WordPress comments into Parley', 'parley' ) . '</h2>';
	echo '<p>' . esc_html(
		sprintf(
			/* translators: %d: the number of comments. */
			_n( 'WordPress has %d comment (approved, pending, spam and trash).', 'WordPress has %d comments (approved, pending, spam and trash).', $total, 'parley' ),
			$total
		)
	) . ' ' . esc_html__( 'They are sent to Parley with their replies and their status, under each post\'s address. WordPress keeps them as they are, so switching back loses nothing. Moving again later sends only what Parley does not have yet.', 'parley' ) . '</p>';
	$last = get_option( 'parley_last_move' );
	if ( is_array( $last ) && isset( $last['at'] ) ) {
		echo '<p>' . esc_html(
			sprintf(
				/* translators: 1: a date, 2: a number of comments. */
				__( 'Last moved on %1$s: %2$d comments imported.', 'parley' ),
				wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), (int) $last['at'] ),
				(int) $last['imported']
			)
		) . '</p>';
	}
	echo '<form action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" method="post">';
	echo '<input type="hidden" name="action" value="parley_move">';
	wp_nonce_field( 'parley_move' );
	submit_button( __( 'Move comments into Parley', 'parley' ), 'secondary', 'parley-move', false, $ready && $total > 0 ? array() : array( 'disabled' => 'disabled' ) );
	if ( ! $ready ) {
		echo '<p class="description">' . esc_html__( 'Needs the Parley URL, the site id and an admin key.', 'parley' ) . '</p>';
	}
	echo '</form>';
}

/**
 * What the last move by this user did.
 */
function parley_move_notice() {
	if ( empty( $_GET['parley-moved'] ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- only decides whether to show a stored result.
		return;
	}
	$key    = 'parley_move_result_' . get_current_user_id();
	$result = get_transient( $key );
	delete_transient( $key );
	if ( ! is_array( $result ) ) {
		return;
	}
	$text = sprintf(
		/* translators: 1: comments sent, 2: posts, 3: imported, 4: already in Parley, 5: not readable. */
		__( '%1$d comments of %2$d posts sent: %3$d imported, %4$d already in Parley, %5$d could not be read.', 'parley' ),
		$result['sent'],
		$result['posts'],
		$result['imported'],
		$result['already'],
		$result['invalid']
	);
	$class = empty( $result['error'] ) ? 'notice-success' : 'notice-error';
	echo '<div class="notice ' . esc_attr( $class ) . ' parley-move-result"><p>';
	if ( ! empty( $result['error'] ) ) {
		echo '<strong>' . esc_html( $result['error'] ) . '</strong> ';
	}
	// After a refusal of the first batch there is nothing to count.
	if ( $result['batches'] > 0 || empty( $result['error'] ) ) {
		echo esc_html( $text );
	}
	echo '</p>';
	if ( $result['problems'] ) {
		echo '<ul>';
		foreach ( $result['problems'] as $problem ) {
			echo '<li>' . esc_html( $problem ) . '</li>';
		}
		echo '</ul>';
	}
	echo '</div>';
}
