# gen-messages.awk - a deterministic mix of Info2soft-style syslog lines for
# the benchmarks: about 1 in 5 carries a code in one of the keyword forms, the
# others carry numbers everywhere (PIDs, ports, sizes, times, uids, numbers
# inside the family ranges) and no code.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
#
# Usage: awk -v n=COUNT [-v seed=S] [-v codes=0|1] -f gen-messages.awk
#   codes=0 writes only lines without a code.
BEGIN {
	if (seed == "") seed = 42
	if (codes == "") codes = 1
	srand(seed)
	split("3519 3520 3522 3523 3524 3525 3526 3527 3528 3529 3530 3531 3533 3534 3535 " \
	      "3536 3540 3541 3543 3545 3546 3547 3548 3549 3550 3551 3554 3555 3556 3557 " \
	      "3559 3560 3563 3564 3565 3566 3568 3570 3571 3572 3573 3574 3575 3576 3578 " \
	      "3579 3580 3581 3582 3583 3585 3586 3587 3588 3589 3590 3591 1024 1025 1026 " \
	      "1027 1028 1030 1031 1032 1033 1034 1035 1036 1037 1038 1039 1056 1057 1061 " \
	      "1072 1073 1074 1075 1076 1077 1078 1079 1080 1081 1082 1084 1085 1086 1087 " \
	      "1088 1089 1090 1091 1092 1093 1094 1095 1096 1097 1098 1099 1102 1103 1104 " \
	      "1105 1106 1107", known, " ")
	nknown = length(known)
	split("i2node i2ha i2cdp i2vp sdata", tags, " ")
	split("dr-backup-01 prod-db-02 vp-ctl-01 prod-web-07", hosts, " ")
	for (i = 1; i <= n; i++) {
		pid = 1000 + int(rand() * 30000)
		host = hosts[1 + int(rand() * 4)]
		tag = tags[1 + int(rand() * 5)]
		head = sprintf("<%d>Dec  3 %02d:%02d:%02d %s %s[%d]: ", 8 + int(rand() * 8),
			       int(rand() * 24), int(rand() * 60), int(rand() * 60), host, tag, pid)
		if (codes && i % 5 == 0)
			body = coded(known[1 + int(rand() * nknown)])
		else
			body = plain()
		print head body
	}
}

function coded(code,    f) {
	f = int(rand() * 10)
	if (f == 0) return sprintf("[rule:r%d] file /data/f%d.db sync failed, error code: %d", int(rand() * 90), int(rand() * 9999), code)
	if (f == 1) return sprintf("heartbeat lost on eth1 (uid=%d), ErrorCode %d", 1000 + int(rand() * 100), code)
	if (f == 2) return sprintf("{\"task\":\"backup-vm-%d\",\"code\":%d,\"elapsed\":%d}", int(rand() * 99), code, int(rand() * 5000))
	if (f == 3) return sprintf("{\"task\":\"restore-%d\",\"errorCode\":\"%d\",\"host\":\"10.1.2.%d:26821\"}", int(rand() * 99), code, int(rand() * 254))
	if (f == 4) return sprintf("复制失败，错误代码 %d，已用空间 %d%%", code, int(rand() * 100))
	if (f == 5) return sprintf("任务 %d 失败，错误码：%d", int(rand() * 999), code)
	if (f == 6) return sprintf("rule r%d stopped (code %d) after %d ms", int(rand() * 90), code, int(rand() * 9000))
	if (f == 7) return sprintf("ERRORCODE %d writing %d blocks at offset %d", code, int(rand() * 4096), int(rand() * 1048576))
	if (f == 8) return sprintf("mirror list errcode=%d; queue %d/%d", code, int(rand() * 100), 1024)
	return sprintf("task t%d: error_code=%d, retry %d of 3", int(rand() * 999), code, 1 + int(rand() * 3))
}

function plain(    f) {
	f = int(rand() * 6)
	if (f == 0) return sprintf("[rule:r%d] mirror in progress, %d files, %d MB, port %d", int(rand() * 90), int(rand() * 9000), int(rand() * 4000), 26800 + int(rand() * 100))
	if (f == 1) return sprintf("snapshot 20261203-%04d created in %d ms, %d blocks", int(rand() * 2400), int(rand() * 5000), int(rand() * 9000))
	if (f == 2) return sprintf("listening on 0.0.0.0:%d, pid %d, %d workers, uid=%d", 1024 + int(rand() * 3000), int(rand() * 30000), 1 + int(rand() * 8), 1000 + int(rand() * 100))
	if (f == 3) return sprintf("transferred %d files, %d MB in %d.%03d s, checksum ok", 3500 + int(rand() * 100), 1024 + int(rand() * 100), int(rand() * 60), int(rand() * 1000))
	if (f == 4) return sprintf("{\"task\":\"backup-vm-%d\",\"status\":\"running\",\"progress\":%d,\"speed\":%d}", int(rand() * 99), int(rand() * 100), int(rand() * 9999))
	return sprintf("复制进度 %d%%，已传输 %d 个文件，端口 %d", int(rand() * 100), int(rand() * 9999), 26821)
}
