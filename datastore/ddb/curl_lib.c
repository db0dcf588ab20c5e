#define CURL_LIB_IMPLEMENTATION 1
#include "datastore/ddb/curl_lib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

struct curl_lib curl_lib_fns;

static pthread_once_t curl_lib_once = PTHREAD_ONCE_INIT;
static const struct curl_lib *curl_lib_loaded;
static char curl_lib_why[256];

/* Resolves one symbol into *slot; false (with the reason kept) when it is missing. */
static int
resolve(void *handle, const char *name, void *slot)
{
	void *sym = dlsym(handle, name);
	if (sym == NULL) {
		snprintf(curl_lib_why, sizeof curl_lib_why, "libcurl has no %s", name);
		return 0;
	}
	/* POSIX guarantees a data pointer from dlsym converts to a function pointer. */
	*(void **)slot = sym;
	return 1;
}

static void
curl_lib_open(void)
{
	static const char *const names[] = { "libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", NULL };
	void *h = NULL;
	for (size_t i = 0; names[i] != NULL && h == NULL; i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		const char *e = dlerror();
		snprintf(curl_lib_why, sizeof curl_lib_why, "could not load libcurl (%s): install libcurl4",
		    e != NULL ? e : "not found");
		return;
	}
	struct curl_lib *f = &curl_lib_fns;
	if (!resolve(h, "curl_global_init", &f->global_init) || !resolve(h, "curl_easy_init", &f->easy_init) ||
	    !resolve(h, "curl_easy_setopt", &f->easy_setopt) || !resolve(h, "curl_easy_getinfo", &f->easy_getinfo) ||
	    !resolve(h, "curl_easy_perform", &f->easy_perform) ||
	    !resolve(h, "curl_easy_cleanup", &f->easy_cleanup) ||
	    !resolve(h, "curl_easy_strerror", &f->easy_strerror) ||
	    !resolve(h, "curl_slist_append", &f->slist_append) ||
	    !resolve(h, "curl_slist_free_all", &f->slist_free_all) ||
	    !resolve(h, "curl_share_init", &f->share_init) || !resolve(h, "curl_share_setopt", &f->share_setopt) ||
	    !resolve(h, "curl_share_cleanup", &f->share_cleanup) || !resolve(h, "curl_multi_init", &f->multi_init) ||
	    !resolve(h, "curl_multi_setopt", &f->multi_setopt) ||
	    !resolve(h, "curl_multi_add_handle", &f->multi_add_handle) ||
	    !resolve(h, "curl_multi_remove_handle", &f->multi_remove_handle) ||
	    !resolve(h, "curl_multi_perform", &f->multi_perform) || !resolve(h, "curl_multi_poll", &f->multi_poll) ||
	    !resolve(h, "curl_multi_info_read", &f->multi_info_read) ||
	    !resolve(h, "curl_multi_cleanup", &f->multi_cleanup))
		return;
	if (f->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(curl_lib_why, sizeof curl_lib_why, "libcurl failed to initialise");
		return;
	}
	/* The library stays loaded for the life of the process, as a linked one would. */
	curl_lib_loaded = f;
}

const struct curl_lib *
curl_lib_load(void)
{
	pthread_once(&curl_lib_once, curl_lib_open);
	return curl_lib_loaded;
}

const char *
curl_lib_error(void)
{
	return curl_lib_why[0] != '\0' ? curl_lib_why : "libcurl is not loaded";
}
