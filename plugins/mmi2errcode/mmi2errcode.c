/* mmi2errcode.c - rsyslog message modification module that turns the numeric
 * codes in Info2soft log messages into structured fields
 *
 * Copyright 2026 The mmi2errcode authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * For every message the action scans the message text for codes introduced
 * by a code keyword ("error code: 3530", "错误代码 3555", "\"code\":1078") and
 * adds, under the container (default $!i2err), the first known code's
 * number, family, severity, description and remedy, plus the list of every
 * distinct known code.  A message without a known code is left untouched.
 * The lookup work is done by the plain-C core in src/.
 */
#include "config.h"
#include "rsyslog.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json.h>
#include "conf.h"
#include "syslogd-types.h"
#include "srUtils.h"
#include "template.h"
#include "module-template.h"
#include "errmsg.h"
#include "msg.h"
#include "parserif.h"

#include "i2e.h"

MODULE_TYPE_OUTPUT
MODULE_TYPE_NOKEEP
MODULE_CNFNAME("mmi2errcode")

DEF_OMOD_STATIC_DATA

#define DEFAULT_CONTAINER "!i2err"

typedef struct _instanceData {
	uchar *container;		/* JSON path without the leading '$' */
	struct i2e_table *table;
	struct i2e_matcher *matcher;
} instanceData;

typedef struct wrkrInstanceData {
	instanceData *pData;
} wrkrInstanceData_t;

struct modConfData_s {
	rsconf_t *pConf;
};
static modConfData_t *loadModConf = NULL;
static modConfData_t *runModConf = NULL;

static struct cnfparamdescr actpdescr[] = {
	{ "container", eCmdHdlrGetWord, 0 },
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


BEGINcreateInstance
CODESTARTcreateInstance
	pData->container = NULL;
	pData->table = NULL;
	pData->matcher = NULL;
ENDcreateInstance

BEGINcreateWrkrInstance
CODESTARTcreateWrkrInstance
ENDcreateWrkrInstance

BEGINisCompatibleWithFeature
CODESTARTisCompatibleWithFeature
ENDisCompatibleWithFeature

BEGINfreeInstance
CODESTARTfreeInstance
	free(pData->container);
	i2e_matcher_free(pData->matcher);
	i2e_table_free(pData->table);
ENDfreeInstance

BEGINfreeWrkrInstance
CODESTARTfreeWrkrInstance
ENDfreeWrkrInstance

BEGINdbgPrintInstInfo
CODESTARTdbgPrintInstInfo
	dbgprintf("mmi2errcode\n");
	dbgprintf("\tcontainer='%s'\n", pData->container);
ENDdbgPrintInstInfo

BEGINtryResume
CODESTARTtryResume
ENDtryResume


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

BEGINnewActInst
	struct cnfparamvals *pvals;
	int i;
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
		if (!pvals[i].bUsed)
			continue;
		if (!strcmp(actpblk.descr[i].name, "container")) {
			CHKiRet(setContainer(pData, pvals[i].val.d.estr));
		} else {
			dbgprintf("mmi2errcode: program error, non-handled param '%s'\n",
				  actpblk.descr[i].name);
		}
	}
	if (pData->container == NULL)
		CHKmalloc(pData->container = (uchar *)strdup(DEFAULT_CONTAINER));

	if ((pData->table = i2e_table_new_builtin()) == NULL)
		ABORT_FINALIZE(RS_RET_OUT_OF_MEMORY);
	if (i2e_matcher_new_default(&pData->matcher, I2E_MATCH_KEYWORD) != I2E_OK)
		ABORT_FINALIZE(RS_RET_OUT_OF_MEMORY);
CODE_STD_FINALIZERnewActInst
	cnfparamvalsDestruct(pvals, &actpblk);
ENDnewActInst


/* Builds the container object for the codes of one message: the first
 * known code's fields and the list of all known codes. */
static rsRetVal
buildFields(const struct i2e_scan *const scan, struct json_object **const result)
{
	const struct i2e_entry *first = NULL;
	struct json_object *fields = NULL;
	struct json_object *codes = NULL;
	struct json_object *value = NULL;
	DEFiRet;

	CHKmalloc(fields = json_object_new_object());
	CHKmalloc(codes = json_object_new_array());
	for (size_t i = 0; i < scan->count; i++) {
		const struct i2e_entry *e = scan->hits[i].entry;

		if (e == NULL)
			continue;
		if (first == NULL)
			first = e;
		CHKmalloc(value = json_object_new_int((int)e->code));
		json_object_array_add(codes, value);
		value = NULL;
	}

#define ADD_FIELD(name, expr) do { \
		CHKmalloc(value = (expr)); \
		json_object_object_add(fields, (name), value); \
		value = NULL; \
	} while (0)
	ADD_FIELD("code", json_object_new_int((int)first->code));
	ADD_FIELD("family", json_object_new_string(i2e_family_name(first->family)));
	ADD_FIELD("severity", json_object_new_string(i2e_severity_name(first->severity)));
	ADD_FIELD("description", json_object_new_string(first->description[I2E_LANG_ZH]));
	if (first->remedy[I2E_LANG_ZH] != NULL)
		ADD_FIELD("remedy", json_object_new_string(first->remedy[I2E_LANG_ZH]));
#undef ADD_FIELD
	json_object_object_add(fields, "codes", codes);
	codes = NULL;

	*result = fields;
	fields = NULL;
finalize_it:
	if (value != NULL)
		json_object_put(value);
	if (codes != NULL)
		json_object_put(codes);
	if (fields != NULL)
		json_object_put(fields);
	RETiRet;
}

BEGINdoAction_NoStrings
	smsg_t **ppMsg = (smsg_t **)pMsgData;
	smsg_t *pMsg = ppMsg[0];
	instanceData *const pData = pWrkrData->pData;
	struct i2e_scan scan;
	struct json_object *fields = NULL;
CODESTARTdoAction
	i2e_matcher_scan(pData->matcher, pData->table, (const char *)getMSG(pMsg),
			 (size_t)getMSGLen(pMsg), &scan);
	if (scan.known == 0)
		FINALIZE;

	CHKiRet(buildFields(&scan, &fields));
	/* msgAddJSON takes the reference, also when it fails */
	iRet = msgAddJSON(pMsg, pData->container, fields, 0, 0);
	fields = NULL;
	if (iRet != RS_RET_OK) {
		LogError(0, iRet, "mmi2errcode: cannot add fields to container '$%s'",
			 pData->container);
		iRet = RS_RET_OK;
	}
finalize_it:
	if (fields != NULL)
		json_object_put(fields);
ENDdoAction


NO_LEGACY_CONF_parseSelectorAct

BEGINmodExit
CODESTARTmodExit
ENDmodExit

BEGINqueryEtryPt
CODESTARTqueryEtryPt
CODEqueryEtryPt_STD_OMOD_QUERIES
CODEqueryEtryPt_STD_OMOD8_QUERIES
CODEqueryEtryPt_STD_CONF2_QUERIES
CODEqueryEtryPt_STD_CONF2_OMOD_QUERIES
ENDqueryEtryPt

BEGINmodInit()
CODESTARTmodInit
	*ipIFVersProvided = CURR_MOD_IF_VERSION;
CODEmodInit_QueryRegCFSLineHdlr
	DBGPRINTF("mmi2errcode: module compiled with rsyslog version %s\n", VERSION);
ENDmodInit
