/* The one function of Windows' bcryptprimitives.dll that Go programs (Go 1.24 and later) need at
 * start-up, for Debian 12's wine 8.0, which lacks the DLL. Not part of cpcase: tools/wine/run.sh
 * builds it into the wine prefix it uses for testing (docs/windows.md). */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
