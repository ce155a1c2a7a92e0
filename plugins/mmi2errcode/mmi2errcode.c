/* mmi2errcode.c - rsyslog message modification module that turns the numeric
 * codes in Info2soft log messages into structured fields
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * For every message the action scans a property (default: the message text)
 * for codes introduced by a code keyword ("error code: 3530", "错误代码 3555",
 * "\"code\":1078") and adds, under the container (default $!i2err), the first
 * known code's number, family, severity, description and remedy, plus, where
 * a message carries several codes, the list of them.  A message without a code is left untouched.
 * The lookup work is done by the plain-C core in src/.
 *
 * Table reloads: the built-in table merged with the optional table file is
 * an immutable, reference-counted object.  A HUP builds a new one without
 * holding any lock, then swaps the instance's pointer and bumps a generation
 * number under a mutex held for a few instructions.  Each worker keeps its
 * own reference and compares generations once per message (an atomic load);
 * only when they differ does it take the mutex to move to the new table.  A
 * worker thus never waits for a file to be read, and sees one table or the
 * other, never a mix.
 *
 * Fields: each worker owns a pool (src/fields.c) that hands a single-code
 * message the fields it made for an earlier message with that code, once
 * rsyslog is done with that one.  The pool is the worker's alone, so it
 * needs no lock; a reload empties it.
 */
#include "config.h"
#include "rsyslog.h"
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <json.h>
#include "conf.h"
#include "syslogd-types.h"
#include "srUtils.h"
#include "template.h"
#include "module-template.h"
#include "errmsg.h"
#include "msg.h"
#include "parserif.h"
#include "statsobj.h"

#include "i2e.h"
#include "fields.h"

MODULE_TYPE_OUTPUT
MODULE_TYPE_NOKEEP
MODULE_CNFNAME("mmi2errcode")

DEF_OMOD_STATIC_DATA
DEFobjCurrIf(statsobj)

#define DEFAULT_CONTAINER "!i2err"

/* A table shared by the instance and its workers, with the JSON strings of
 * its entries in the instance's language; refs is guarded by the instance's
 * tableMut. */
typedef struct sharedTable_s {
	struct i2e_table *table;
	struct i2e_json_cache *json;
	int refs;
} sharedTable_t;

typedef struct _instanceData {
	uchar *container;		/* JSON path without the leading '$' */
	uchar rootName[2];		/* "!" or ".": the container's tree */
	const char *leaf;		/* the container's name in that tree, where it
					 * is a direct child of a per-message root */
	sbool reuseFields;
	uchar *keyName;			/* property to scan; NULL: the message text */
	msgPropDescr_t *keyProp;
	sbool keyIsJSON;		/* $!, $. or $/ path */
	struct i2e_matcher *matcher;
	enum i2e_lang lang;
	sbool unknownCodes;
	sbool setSeverity;
	uchar *tableFile;
	pthread_mutex_t tableMut;
	sharedTable_t *current;		/* guarded by tableMut */
	unsigned tableGen;		/* bumped, atomically, by every swap */
	statsobj_t *stats;
	STATSCOUNTER_DEF(ctrSeen, mutCtrSeen)
	STATSCOUNTER_DEF(ctrEnriched, mutCtrEnriched)
	STATSCOUNTER_DEF(ctrReplication, mutCtrReplication)
	STATSCOUNTER_DEF(ctrVP, mutCtrVP)
	STATSCOUNTER_DEF(ctrError, mutCtrError)
	STATSCOUNTER_DEF(ctrInfo, mutCtrInfo)
	STATSCOUNTER_DEF(ctrUnknown, mutCtrUnknown)
	STATSCOUNTER_DEF(ctrReloadOK, mutCtrReloadOK)
	STATSCOUNTER_DEF(ctrReloadFailed, mutCtrReloadFailed)
	STATSCOUNTER_DEF(ctrFieldsMade, mutCtrFieldsMade)
	STATSCOUNTER_DEF(ctrFieldsReused, mutCtrFieldsReused)
} instanceData;

typedef struct wrkrInstanceData {
	instanceData *pData;
	sharedTable_t *table;		/* this worker's reference */
	unsigned tableGen;
	struct i2e_fields_pool *pool;	/* NULL when out of memory */
} wrkrInstanceData_t;

struct modConfData_s {
	rsconf_t *pConf;
};
static int layoutWarned = 0;		/* the layout warning is given once */
static modConfData_t *loadModConf = NULL;
static modConfData_t *runModConf = NULL;

static struct cnfparamdescr actpdescr[] = {
	{ "container", eCmdHdlrGetWord, 0 },
	{ "key", eCmdHdlrGetWord, 0 },
	{ "keywords", eCmdHdlrArray, 0 },
	{ "match", eCmdHdlrGetWord, 0 },
	{ "lang", eCmdHdlrGetWord, 0 },
	{ "unknowncodes", eCmdHdlrGetWord, 0 },
	{ "setseverity", eCmdHdlrGetWord, 0 },
	{ "tablefile", eCmdHdlrString, 0 },
	{ "reusefields", eCmdHdlrGetWord, 0 },
};
static struct cnfparamblk actpblk = {
	CNFPARAMBLK_VERSION,
	sizeof(actpdescr) / sizeof(struct cnfparamdescr),
	actpdescr
};


BEGINbeginCnfLoad
CODESTARTbeginCnfLoad
	loadModConf = pModConf;
	pModConf->pConf = pConf;
ENDbeginCnfLoad

BEGINendCnfLoad
CODESTARTendCnfLoad
ENDendCnfLoad

BEGINcheckCnf
CODESTARTcheckCnf
ENDcheckCnf

BEGINactivateCnf
CODESTARTactivateCnf
	runModConf = pModConf;
ENDactivateCnf

BEGINfreeCnf
CODESTARTfreeCnf
ENDfreeCnf


/* ---- shared tables ------------------------------------------------------ */

/* Drops one reference; the caller holds tableMut.  Returns the table to free
 * (outside the lock) when this was the last reference, else NULL. */
static sharedTable_t *
sharedTableRelease(sharedTable_t *const t)
{
	if (t == NULL || --t->refs > 0)
		return NULL;
	return t;
}

static void
sharedTableFree(sharedTable_t *const t)
{
	if (t == NULL)
		return;
	i2e_json_cache_free(t->json);
	i2e_table_free(t->table);
	free(t);
}

/* Builds the built-in table with the table file merged over it.  On a bad
 * file, *err says what is wrong and RS_RET_CONFIG_ERROR is returned. */
static rsRetVal
sharedTableBuild(const uchar *const tableFile, const enum i2e_lang lang,
		 sharedTable_t **const result, struct i2e_error *const err)
{
	sharedTable_t *t = NULL;
	DEFiRet;

	CHKmalloc(t = calloc(1, sizeof(*t)));
	t->refs = 1;
	CHKmalloc(t->table = i2e_table_new_builtin());
	if (tableFile != NULL) {
		enum i2e_status st = i2e_table_merge_file(t->table, (const char *)tableFile, err);

		if (st == I2E_ERR_NOMEM)
			ABORT_FINALIZE(RS_RET_OUT_OF_MEMORY);
		if (st != I2E_OK)
			ABORT_FINALIZE(RS_RET_CONFIG_ERROR);
	}
	CHKmalloc(t->json = i2e_json_cache_new(t->table, lang));
	*result = t;
	t = NULL;

finalize_it:
	sharedTableFree(t);
	RETiRet;
}

/* The "line N: " part of a table file error, empty where no line applies. */
static void
formatErrorLine(const struct i2e_error *const err, char *const buf, const size_t size)
{
	if (err->line > 0)
		snprintf(buf, size, "line %u: ", err->line);
	else
		buf[0] = '\0';
}

/* Moves the worker to the instance's current table if a reload swapped it. */
static void
workerRefreshTable(wrkrInstanceData_t *const pWrkrData)
{
	instanceData *const pData = pWrkrData->pData;
	sharedTable_t *old = NULL;

	pthread_mutex_lock(&pData->tableMut);
	old = sharedTableRelease(pWrkrData->table);
	pWrkrData->table = pData->current;
	pWrkrData->table->refs++;
	pWrkrData->tableGen = __atomic_load_n(&pData->tableGen, __ATOMIC_ACQUIRE);
	pthread_mutex_unlock(&pData->tableMut);
	/* containers made from the old table's strings must not be reused */
	if (pWrkrData->pool != NULL)
		i2e_fields_pool_rebind(pWrkrData->pool, pWrkrData->table->json);
	sharedTableFree(old);
}


BEGINcreateInstance
CODESTARTcreateInstance
	pData->container = NULL;
	pData->rootName[0] = '\0';
	pData->leaf = NULL;
	pData->reuseFields = 1;
	pData->keyName = NULL;
	pData->keyProp = NULL;
	pData->keyIsJSON = 0;
	pData->matcher = NULL;
	pData->lang = I2E_LANG_ZH;
	pData->unknownCodes = 0;
	pData->setSeverity = 0;
	pData->tableFile = NULL;
	pData->current = NULL;
	pData->tableGen = 0;
	pData->stats = NULL;
	pthread_mutex_init(&pData->tableMut, NULL);
ENDcreateInstance

BEGINcreateWrkrInstance
CODESTARTcreateWrkrInstance
	pWrkrData->table = NULL;
	pWrkrData->pool = NULL;
	workerRefreshTable(pWrkrData);
	/* a worker without a pool makes every container anew */
	pWrkrData->pool = i2e_fields_pool_new(pWrkrData->table->json, pData->leaf,
					       pData->unknownCodes, pData->reuseFields);
	if (pData->reuseFields && pWrkrData->pool != NULL &&
	    !i2e_fields_pool_reuses(pWrkrData->pool) &&
	    !__atomic_exchange_n(&layoutWarned, 1, __ATOMIC_RELAXED))
		LogMsg(0, RS_RET_OK, LOG_WARNING, "mmi2errcode: cannot reuse fields: the loaded "
		       "libfastjson does not match the object layout the module was built "
		       "against, or the layout was unknown at build time; fields are made anew "
		       "for every message (same output, more work). Rebuild the module against "
		       "the installed libfastjson to reuse them");
ENDcreateWrkrInstance

BEGINisCompatibleWithFeature
CODESTARTisCompatibleWithFeature
ENDisCompatibleWithFeature

BEGINfreeInstance
CODESTARTfreeInstance
	free(pData->container);
	free(pData->keyName);
	if (pData->keyProp != NULL) {
		msgPropDescrDestruct(pData->keyProp);
		free(pData->keyProp);
	}
	i2e_matcher_free(pData->matcher);
	free(pData->tableFile);
	sharedTableFree(sharedTableRelease(pData->current));
	pthread_mutex_destroy(&pData->tableMut);
	if (pData->stats != NULL)
		statsobj.Destruct(&pData->stats);
ENDfreeInstance

BEGINfreeWrkrInstance
	sharedTable_t *last = NULL;
CODESTARTfreeWrkrInstance
	pthread_mutex_lock(&pWrkrData->pData->tableMut);
	last = sharedTableRelease(pWrkrData->table);
	pthread_mutex_unlock(&pWrkrData->pData->tableMut);
	i2e_fields_pool_free(pWrkrData->pool);
	sharedTableFree(last);
ENDfreeWrkrInstance

BEGINdbgPrintInstInfo
CODESTARTdbgPrintInstInfo
	dbgprintf("mmi2errcode\n");
	dbgprintf("\tcontainer='%s'\n", pData->container);
	dbgprintf("\tkey='%s'\n", pData->keyName == NULL ? "msg" : (char *)pData->keyName);
	dbgprintf("\ttablefile='%s'\n", pData->tableFile == NULL ? "" : (char *)pData->tableFile);
ENDdbgPrintInstInfo

BEGINtryResume
CODESTARTtryResume
ENDtryResume


/* A HUP re-reads the table file.  A bad file is reported and the table in
 * force stays. */
BEGINdoHUP
	sharedTable_t *fresh = NULL;
	sharedTable_t *old = NULL;
	struct i2e_error err;
	char where[32];
	rsRetVal localRet;
CODESTARTdoHUP
	if (pData->tableFile == NULL)
		FINALIZE;
	memset(&err, 0, sizeof(err));
	localRet = sharedTableBuild(pData->tableFile, pData->lang, &fresh, &err);
	if (localRet != RS_RET_OK) {
		formatErrorLine(&err, where, sizeof(where));
		LogError(0, localRet, "mmi2errcode: table file '%s': %s%s; keeping the previous "
			 "table", pData->tableFile, where,
			 localRet == RS_RET_OUT_OF_MEMORY ? "out of memory" : err.detail);
		STATSCOUNTER_INC(pData->ctrReloadFailed, pData->mutCtrReloadFailed);
		FINALIZE;
	}

	pthread_mutex_lock(&pData->tableMut);
	old = sharedTableRelease(pData->current);
	pData->current = fresh;
	__atomic_add_fetch(&pData->tableGen, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&pData->tableMut);
	sharedTableFree(old);
	STATSCOUNTER_INC(pData->ctrReloadOK, pData->mutCtrReloadOK);
	DBGPRINTF("mmi2errcode: table file '%s' reloaded\n", pData->tableFile);
finalize_it:
ENDdoHUP


/* ---- parameters --------------------------------------------------------- */

/* Checks and stores the container name.  Like mmjsonparse, the leading '$'
 * is optional and the name must address a message, local or global
 * variable. */
static rsRetVal
setContainer(instanceData *const pData, es_str_t *const value)
{
	uchar *name = NULL;
	DEFiRet;

	CHKmalloc(name = (uchar *)es_str2cstr(value, NULL));
	if (name[0] == '$')
		memmove(name, name + 1, strlen((char *)name));
	if (name[0] != '!' && name[0] != '.' && name[0] != '/') {
		parser_errmsg("mmi2errcode: invalid container name '%s', name must start with "
			      "either '$!', '$.', or '$/'", name);
		ABORT_FINALIZE(RS_RET_INVALID_VAR);
	}
	free(pData->container);
	pData->container = name;
	name = NULL;

finalize_it:
	free(name);
	RETiRet;
}

/* Checks and stores the property to scan: any message property ("msg",
 * "$rawmsg", "$hostname") or JSON path ("$!code", "$.x", "$/y"). */
static rsRetVal
setKey(instanceData *const pData, es_str_t *const value)
{
	uchar *name = NULL;
	uchar *prop = NULL;
	propid_t id;
	DEFiRet;

	CHKmalloc(name = (uchar *)es_str2cstr(value, NULL));
	prop = name;
	/* message properties are known without '$', system properties with it */
	if (propNameToID(prop, &id) != RS_RET_OK && prop[0] == '$' &&
	    propNameToID(prop + 1, &id) == RS_RET_OK)
		prop++;
	if (propNameToID(prop, &id) != RS_RET_OK) {
		parser_errmsg("mmi2errcode: invalid value '%s' for parameter 'key', accepted are "
			      "message properties such as 'msg' or '$rawmsg' and JSON paths such "
			      "as '$!code'", name);
		ABORT_FINALIZE(RS_RET_INVLD_PROP);
	}
	CHKmalloc(pData->keyProp = calloc(1, sizeof(msgPropDescr_t)));
	CHKiRet(msgPropDescrFill(pData->keyProp, prop, (int)strlen((char *)prop)));
	pData->keyIsJSON = (id == PROP_CEE || id == PROP_LOCAL_VAR || id == PROP_GLOBAL_VAR);
	free(pData->keyName);
	pData->keyName = name;
	name = NULL;

finalize_it:
	free(name);
	RETiRet;
}

/* Matches value against the accepted words; on no match reports the
 * parameter, the quoted value and the accepted words. */
static rsRetVal
chooseWord(const char *const param, es_str_t *const value, const char *const *const accepted,
	   const char *const acceptedText, int *const index)
{
	char *word = NULL;
	DEFiRet;

	CHKmalloc(word = es_str2cstr(value, NULL));
	for (int i = 0; accepted[i] != NULL; i++) {
		if (strcasecmp(word, accepted[i]) == 0) {
			*index = i;
			FINALIZE;
		}
	}
	parser_errmsg("mmi2errcode: invalid value '%s' for parameter '%s', accepted values "
		      "are %s", word, param, acceptedText);
	ABORT_FINALIZE(RS_RET_CONF_PARAM_INVLD);

finalize_it:
	free(word);
	RETiRet;
}

static rsRetVal
setSwitch(const char *const param, es_str_t *const value, sbool *const result)
{
	static const char *const words[] = { "off", "on", NULL };
	int index = 0;
	DEFiRet;

	CHKiRet(chooseWord(param, value, words, "'on' and 'off'", &index));
	*result = (sbool)index;
finalize_it:
	RETiRet;
}

/* Builds the matcher from the keywords array (NULL: the default list). */
static rsRetVal
buildMatcher(instanceData *const pData, struct cnfarray *const keywords,
	     const enum i2e_match_mode mode)
{
	const char *list[I2E_KEYWORDS_MAX] = { NULL };
	size_t n = 0;
	struct i2e_error err;
	enum i2e_status st;
	DEFiRet;

	memset(&err, 0, sizeof(err));
	if (keywords == NULL) {
		st = i2e_matcher_new_default(&pData->matcher, mode);
		if (st != I2E_OK)
			ABORT_FINALIZE(RS_RET_OUT_OF_MEMORY);
		FINALIZE;
	}
	if (keywords->nmemb < 1 || keywords->nmemb > I2E_KEYWORDS_MAX) {
		parser_errmsg("mmi2errcode: parameter 'keywords' holds %d keywords, accepted are "
			      "1 to %d", keywords->nmemb, I2E_KEYWORDS_MAX);
		ABORT_FINALIZE(RS_RET_CONF_PARAM_INVLD);
	}
	for (n = 0; n < (size_t)keywords->nmemb; n++)
		CHKmalloc(list[n] = es_str2cstr(keywords->arr[n], NULL));
	st = i2e_matcher_new(&pData->matcher, list, n, mode, &err);
	if (st == I2E_ERR_NOMEM)
		ABORT_FINALIZE(RS_RET_OUT_OF_MEMORY);
	if (st != I2E_OK) {
		parser_errmsg("mmi2errcode: invalid value in parameter 'keywords': %s; accepted are "
			      "1 to %d bytes of UTF-8 text that neither starts with a blank nor "
			      "ends with a digit or separator", err.detail, I2E_KEYWORD_LEN_MAX);
		ABORT_FINALIZE(RS_RET_CONF_PARAM_INVLD);
	}

finalize_it:
	for (size_t i = 0; i < n; i++)
		free((char *)list[i]);
	RETiRet;
}

/* Registers the instance's counters with impstats.  The first instance is
 * called "mmi2errcode", further ones "mmi2errcode-2", "mmi2errcode-3", ... */
static rsRetVal
setupStats(instanceData *const pData)
{
	static int instances = 0;
	char name[64];
	DEFiRet;

	instances++;
	if (instances == 1)
		snprintf(name, sizeof(name), "mmi2errcode");
	else
		snprintf(name, sizeof(name), "mmi2errcode-%d", instances);
	CHKiRet(statsobj.Construct(&pData->stats));
	CHKiRet(statsobj.SetName(pData->stats, (uchar *)name));
	CHKiRet(statsobj.SetOrigin(pData->stats, (uchar *)"mmi2errcode"));

#define ADD_COUNTER(label, ctr, mut) do { \
		STATSCOUNTER_INIT(pData->ctr, pData->mut); \
		CHKiRet(statsobj.AddCounter(pData->stats, (uchar *)(label), ctrType_IntCtr, \
					    CTR_FLAG_RESETTABLE, &pData->ctr)); \
	} while (0)
	ADD_COUNTER("messages.seen", ctrSeen, mutCtrSeen);
	ADD_COUNTER("messages.enriched", ctrEnriched, mutCtrEnriched);
	ADD_COUNTER("codes.replication", ctrReplication, mutCtrReplication);
	ADD_COUNTER("codes.vp", ctrVP, mutCtrVP);
	ADD_COUNTER("codes.error", ctrError, mutCtrError);
	ADD_COUNTER("codes.info", ctrInfo, mutCtrInfo);
	ADD_COUNTER("codes.unknown", ctrUnknown, mutCtrUnknown);
	ADD_COUNTER("reloads.ok", ctrReloadOK, mutCtrReloadOK);
	ADD_COUNTER("reloads.failed", ctrReloadFailed, mutCtrReloadFailed);
	ADD_COUNTER("fields.made", ctrFieldsMade, mutCtrFieldsMade);
	ADD_COUNTER("fields.reused", ctrFieldsReused, mutCtrFieldsReused);
#undef ADD_COUNTER
	CHKiRet(statsobj.ConstructFinalize(pData->stats));
finalize_it:
	RETiRet;
}

/* Counts the codes of one scan by family, severity and knownness. */
static void
countCodes(instanceData *const pData, const struct i2e_scan *const scan)
{
	if (scan->unknown > 0) {
		STATSCOUNTER_ADD(pData->ctrUnknown, pData->mutCtrUnknown, scan->unknown);
	}
	for (size_t i = 0; i < scan->count; i++) {
		const struct i2e_entry *e = scan->hits[i].entry;

		if (e == NULL)
			continue;
		/* STATSCOUNTER_INC is an unbraced if: keep it in braces */
		if (e->family == I2E_FAMILY_VP) {
			STATSCOUNTER_INC(pData->ctrVP, pData->mutCtrVP);
		} else {
			STATSCOUNTER_INC(pData->ctrReplication, pData->mutCtrReplication);
		}
		if (e->severity == I2E_SEVERITY_INFO) {
			STATSCOUNTER_INC(pData->ctrInfo, pData->mutCtrInfo);
		} else {
			STATSCOUNTER_INC(pData->ctrError, pData->mutCtrError);
		}
	}
}

BEGINnewActInst
	struct cnfparamvals *pvals;
	struct cnfarray *keywords = NULL;
	int match = 0;
	int lang = 0;
	struct i2e_error err;
	char where[32];
	int i;
	static const char *const matchWords[] = { "keyword", "any", NULL };
	static const char *const langWords[] = { "zh", "en", NULL };
CODESTARTnewActInst
	pvals = nvlstGetParams(lst, &actpblk, NULL);
	if (pvals == NULL) {
		parser_errmsg("mmi2errcode: error processing the action's parameters");
		ABORT_FINALIZE(RS_RET_MISSING_CNFPARAMS);
	}

	CODE_STD_STRING_REQUESTnewActInst(1)
	CHKiRet(OMSRsetEntry(*ppOMSR, 0, NULL, OMSR_TPL_AS_MSG));
	CHKiRet(createInstance(&pData));

	for (i = 0; i < actpblk.nParams; ++i) {
		es_str_t *const value = pvals[i].val.d.estr;
		const char *const name = actpblk.descr[i].name;

		if (!pvals[i].bUsed)
			continue;
		if (!strcmp(name, "container")) {
			CHKiRet(setContainer(pData, value));
		} else if (!strcmp(name, "key")) {
			CHKiRet(setKey(pData, value));
		} else if (!strcmp(name, "keywords")) {
			keywords = pvals[i].val.d.ar;
		} else if (!strcmp(name, "match")) {
			CHKiRet(chooseWord(name, value, matchWords, "'keyword' and 'any'", &match));
		} else if (!strcmp(name, "lang")) {
			CHKiRet(chooseWord(name, value, langWords, "'zh' and 'en'", &lang));
		} else if (!strcmp(name, "unknowncodes")) {
			CHKiRet(setSwitch(name, value, &pData->unknownCodes));
		} else if (!strcmp(name, "setseverity")) {
			CHKiRet(setSwitch(name, value, &pData->setSeverity));
		} else if (!strcmp(name, "reusefields")) {
			CHKiRet(setSwitch(name, value, &pData->reuseFields));
		} else if (!strcmp(name, "tablefile")) {
			CHKmalloc(pData->tableFile = (uchar *)es_str2cstr(value, NULL));
		} else {
			dbgprintf("mmi2errcode: program error, non-handled param '%s'\n", name);
		}
	}
	if (pData->container == NULL)
		CHKmalloc(pData->container = (uchar *)strdup(DEFAULT_CONTAINER));
	/* "$!name" and "$.name": the container can come with its root, which
	 * saves rsyslog making one; global variables are shared by all
	 * messages and get the container alone */
	if (pData->container[0] != '/' && pData->container[1] != '\0' &&
	    strchr((char *)pData->container + 1, '!') == NULL) {
		pData->rootName[0] = pData->container[0];
		pData->rootName[1] = '\0';
		pData->leaf = (const char *)pData->container + 1;
	}
	pData->lang = lang == 1 ? I2E_LANG_EN : I2E_LANG_ZH;
	if (match == 1 && keywords != NULL) {
		parser_errmsg("mmi2errcode: parameter 'keywords' has no effect with match=\"any\"; "
			      "remove one of them");
		ABORT_FINALIZE(RS_RET_CONF_PARAM_INVLD);
	}
	CHKiRet(buildMatcher(pData, keywords, match == 1 ? I2E_MATCH_ANY : I2E_MATCH_KEYWORD));
	i2e_matcher_list_unknown(pData->matcher, pData->unknownCodes);

	memset(&err, 0, sizeof(err));
	iRet = sharedTableBuild(pData->tableFile, pData->lang, &pData->current, &err);
	if (iRet == RS_RET_CONFIG_ERROR) {
		formatErrorLine(&err, where, sizeof(where));
		parser_errmsg("mmi2errcode: table file '%s': %s%s", pData->tableFile, where,
			      err.detail);
	}
	CHKiRet(iRet);
	CHKiRet(setupStats(pData));
CODE_STD_FINALIZERnewActInst
	cnfparamvalsDestruct(pvals, &actpblk);
ENDnewActInst


/* ---- per message -------------------------------------------------------- */

/* Scans the configured JSON property: a number or a number-only string is
 * looked up directly, other strings are scanned, other types are skipped. */
static void
scanJSONKey(const instanceData *const pData, const struct i2e_table *const table,
	    smsg_t *const pMsg, struct i2e_scan *const scan)
{
	struct json_object *json = NULL;
	char number[24];

	memset(scan, 0, offsetof(struct i2e_scan, hits));
	if (msgGetJSONPropJSON(pMsg, pData->keyProp, &json) != RS_RET_OK || json == NULL)
		return;
	switch (json_object_get_type(json)) {
	case json_type_int: {
		int64_t v = json_object_get_int64(json);
		int len = snprintf(number, sizeof(number), "%lld", (long long)v);

		i2e_lookup_number_text(table, number, (size_t)len, pData->unknownCodes, scan);
		break;
	}
	case json_type_string: {
		const char *s = json_object_get_string(json);
		size_t len = (size_t)json_object_get_string_len(json);

		i2e_lookup_number_text(table, s, len, pData->unknownCodes, scan);
		if (scan->count == 0 && scan->unknown == 0)
			i2e_matcher_scan(pData->matcher, table, s, len, scan);
		break;
	}
	default:
		DBGPRINTF("mmi2errcode: key '%s' is neither a number nor a string, skipped\n",
			  pData->keyName);
		break;
	}
	json_object_put(json);
}

/* Scans the configured property, or the message text by default. */
static void
scanMessage(const instanceData *const pData, const struct i2e_table *const table,
	    smsg_t *const pMsg, struct i2e_scan *const scan)
{
	uchar *text = NULL;
	rs_size_t len = 0;
	unsigned short mustFree = 0;

	if (pData->keyProp == NULL) {
		i2e_matcher_scan(pData->matcher, table, (const char *)getMSG(pMsg),
				 (size_t)getMSGLen(pMsg), scan);
		return;
	}
	if (pData->keyIsJSON) {
		scanJSONKey(pData, table, pMsg, scan);
		return;
	}
	/* a message property is text like the message itself: keywords needed */
	text = MsgGetProp(pMsg, NULL, pData->keyProp, &len, &mustFree, NULL);
	i2e_matcher_scan(pData->matcher, table, (const char *)text, (size_t)len, scan);
	if (mustFree)
		free(text);
}

BEGINdoAction_NoStrings
	smsg_t **ppMsg = (smsg_t **)pMsgData;
	smsg_t *pMsg = ppMsg[0];
	instanceData *const pData = pWrkrData->pData;
	struct i2e_scan scan;
	struct json_object *fields = NULL;
	const struct i2e_entry *first = NULL;
	bool whole = false;
	bool reused = false;
CODESTARTdoAction
	if (__atomic_load_n(&pData->tableGen, __ATOMIC_ACQUIRE) != pWrkrData->tableGen)
		workerRefreshTable(pWrkrData);

	scanMessage(pData, pWrkrData->table->table, pMsg, &scan);
	STATSCOUNTER_INC(pData->ctrSeen, pData->mutCtrSeen);
	countCodes(pData, &scan);
	if (scan.count == 0)
		FINALIZE;
	STATSCOUNTER_INC(pData->ctrEnriched, pData->mutCtrEnriched);

	if (pWrkrData->pool != NULL)
		fields = i2e_fields_pool_take(pWrkrData->pool, &scan, &whole, &reused);
	else
		fields = i2e_fields_build(pWrkrData->table->json, &scan, pData->unknownCodes);
	CHKmalloc(fields);
	if (reused) {
		STATSCOUNTER_INC(pData->ctrFieldsReused, pData->mutCtrFieldsReused);
	} else {
		STATSCOUNTER_INC(pData->ctrFieldsMade, pData->mutCtrFieldsMade);
	}
	/* msgAddJSON takes the reference, also when it fails */
	iRet = msgAddJSON(pMsg, whole ? pData->rootName : pData->container, fields, 0, 0);
	fields = NULL;
	if (iRet != RS_RET_OK) {
		LogError(0, iRet, "mmi2errcode: cannot add fields to container '$%s'",
			 pData->container);
		iRet = RS_RET_OK;
	}

	if (pData->setSeverity) {
		for (size_t i = 0; i < scan.count && first == NULL; i++)
			first = scan.hits[i].entry;
		if (first != NULL)
			msgSetPRI(pMsg, (syslog_pri_t)((getPRIi(pMsg) & ~7) |
						       i2e_severity_syslog(first->severity)));
	}
finalize_it:
	if (fields != NULL)
		json_object_put(fields);
	if (iRet != RS_RET_OK) {
		/* a message must never be held up by its enrichment */
		LogError(0, iRet, "mmi2errcode: cannot enrich a message; passing it on unchanged");
		iRet = RS_RET_OK;
	}
ENDdoAction


NO_LEGACY_CONF_parseSelectorAct

BEGINmodExit
CODESTARTmodExit
	objRelease(statsobj, CORE_COMPONENT);
ENDmodExit

BEGINqueryEtryPt
CODESTARTqueryEtryPt
CODEqueryEtryPt_STD_OMOD_QUERIES
CODEqueryEtryPt_STD_OMOD8_QUERIES
CODEqueryEtryPt_STD_CONF2_QUERIES
CODEqueryEtryPt_STD_CONF2_OMOD_QUERIES
CODEqueryEtryPt_doHUP
ENDqueryEtryPt

BEGINmodInit()
CODESTARTmodInit
	*ipIFVersProvided = CURR_MOD_IF_VERSION;
CODEmodInit_QueryRegCFSLineHdlr
	CHKiRet(objUse(statsobj, CORE_COMPONENT));
	DBGPRINTF("mmi2errcode: module compiled with rsyslog version %s\n", VERSION);
ENDmodInit
