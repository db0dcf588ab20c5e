/*
 * libcurl, loaded on first use with dlopen. The DynamoDB backend is the only
 * user of libcurl, and libcurl brings some thirty shared libraries with it:
 * loading them costs about 3 ms at every start, most of the budget of a
 * command on the embedded store. So the binary does not link libcurl; http.c
 * calls it through this table, filled when the first HTTP client is created.
 *
 * Include this instead of <curl/curl.h>: it maps the curl_* names used by
 * http.c onto the table.
 */
#ifndef AILIFE_CURL_LIB_H
#define AILIFE_CURL_LIB_H

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

struct curl_lib {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
	CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
	CURLcode (*easy_perform)(CURL *curl);
	void (*easy_cleanup)(CURL *curl);
	const char *(*easy_strerror)(CURLcode code);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
	void (*slist_free_all)(struct curl_slist *list);
	CURLSH *(*share_init)(void);
	CURLSHcode (*share_setopt)(CURLSH *share, CURLSHoption option, ...);
	CURLSHcode (*share_cleanup)(CURLSH *share);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_setopt)(CURLM *multi, CURLMoption option, ...);
	CURLMcode (*multi_add_handle)(CURLM *multi, CURL *curl);
	CURLMcode (*multi_remove_handle)(CURLM *multi, CURL *curl);
	CURLMcode (*multi_perform)(CURLM *multi, int *running);
	CURLMcode (*multi_poll)(CURLM *multi, struct curl_waitfd *extra, unsigned int n, int timeout_ms,
	    int *numfds);
	CURLMsg *(*multi_info_read)(CURLM *multi, int *left);
	CURLMcode (*multi_cleanup)(CURLM *multi);
};

/*
 * Loads libcurl and curl_global_init()s it, once per process (thread-safe).
 * Returns the table, or NULL with a reason in curl_lib_error().
 */
const struct curl_lib *curl_lib_load(void);
const char *curl_lib_error(void);

/* The table after a successful curl_lib_load(). */
extern struct curl_lib curl_lib_fns;

#ifndef CURL_LIB_IMPLEMENTATION
/* curl.h defines these four as macros of themselves: make them ours. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_share_setopt
#undef curl_multi_setopt
#define curl_global_init (curl_lib_fns.global_init)
#define curl_easy_init (curl_lib_fns.easy_init)
#define curl_easy_setopt (curl_lib_fns.easy_setopt)
#define curl_easy_getinfo (curl_lib_fns.easy_getinfo)
#define curl_easy_perform (curl_lib_fns.easy_perform)
#define curl_easy_cleanup (curl_lib_fns.easy_cleanup)
#define curl_easy_strerror (curl_lib_fns.easy_strerror)
#define curl_slist_append (curl_lib_fns.slist_append)
#define curl_slist_free_all (curl_lib_fns.slist_free_all)
#define curl_share_init (curl_lib_fns.share_init)
#define curl_share_setopt (curl_lib_fns.share_setopt)
#define curl_share_cleanup (curl_lib_fns.share_cleanup)
#define curl_multi_init (curl_lib_fns.multi_init)
#define curl_multi_setopt (curl_lib_fns.multi_setopt)
#define curl_multi_add_handle (curl_lib_fns.multi_add_handle)
#define curl_multi_remove_handle (curl_lib_fns.multi_remove_handle)
#define curl_multi_perform (curl_lib_fns.multi_perform)
#define curl_multi_poll (curl_lib_fns.multi_poll)
#define curl_multi_info_read (curl_lib_fns.multi_info_read)
#define curl_multi_cleanup (curl_lib_fns.multi_cleanup)
#endif

#endif
