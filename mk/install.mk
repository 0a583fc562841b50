# make install / make uninstall: lispd, the ip(8) plugin, the man pages,
# the systemd unit, the bash completion, the example configuration and
# the module's source for DKMS, under DESTDIR (a packager's staging
# folder; empty for the running system).
#
#   make install                       a source install, PREFIX=/usr/local
#   make install PREFIX=/usr DESTDIR=D what debian/rules does (make deb)
#   make uninstall [the same variables]    removes exactly those files
#
# PREFIX is /usr/local by default, as for autotools and the GNU coding
# standards: a source install stays out of the package manager's /usr.
# Three paths do not follow PREFIX, because their readers look in one
# place only:
#   IPLIBDIR  where the system's ip(8) loads link_lisp.so from (its
#             compiled-in LIBDIR/ip, read by scripts/ip-lib-dir.sh;
#             /usr/lib/x86_64-linux-gnu/ip on Debian)
#   DKMSDIR   /usr/src/lisp-VERSION, the only place "dkms add" looks
#   UNITDIR   PREFIX/lib/systemd/system (systemd reads /usr/local's too);
#             for PREFIX=/usr the distribution's own, from systemd's
#             pkg-config file (/lib/systemd/system on Debian 12)
# /etc/lispd.conf is not installed: the operator writes it (the example
# is in DOCDIR/examples), and the unit does not start without it.

PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/lispd
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
IPLIBDIR ?= $(shell scripts/ip-lib-dir.sh)
DKMSDIR ?= /usr/src/lisp-$(VERSION)
UNITDIR ?= $(if $(filter /usr,$(PREFIX)),$(or $(shell pkg-config \
	--variable=systemdsystemunitdir systemd 2>/dev/null),/lib/systemd/system),$(PREFIX)/lib/systemd/system)

# What DKMS builds from (dkms.conf: MAKE from the top, Kbuild descends
# into kmod/, kmod/Kbuild reads the version from ../dkms.conf), and no
# build output.  scripts/module-src.sh copies the same list for the
# DKMS checks, so they test what is installed.
DKMS_TOP_FILES := Kbuild dkms.conf
DKMS_KMOD_FILES := kmod/Kbuild $(sort $(filter-out kmod/%.mod.c,$(wildcard kmod/*.c kmod/*.h)))
DKMS_UAPI_FILES := uapi/linux/lisp.h

# Each installed file of lispd's part, as SOURCE:DEST pairs.
INSTALL_MANS := man/lispd.8:$(MANDIR)/man8/lispd.8 \
	man/lispd.conf.5:$(MANDIR)/man5/lispd.conf.5 \
	man/lisp.4:$(MANDIR)/man4/lisp.4
INSTALL_DATA := $(INSTALL_MANS) \
	etc/lispd.bash:$(BASHCOMPDIR)/lispd \
	etc/lispd.conf.example:$(DOCDIR)/examples/lispd.conf.example

.PHONY: install install-lispd install-dkms uninstall uninstall-lispd uninstall-dkms

install: install-lispd install-dkms
ifeq ($(DESTDIR),)
	@echo "install: now 'dkms install lisp/$(VERSION)' builds and installs the module;"
	@echo "install: write /etc/lispd.conf (lispd.conf(5)), then 'systemctl daemon-reload'"
endif

install-lispd: $(BUILD)/lispd $(BUILD)/link_lisp.so
	install -D -m 0755 $(BUILD)/lispd $(DESTDIR)$(SBINDIR)/lispd
	install -D -m 0644 $(BUILD)/link_lisp.so $(DESTDIR)$(IPLIBDIR)/link_lisp.so
	$(foreach f,$(INSTALL_DATA),install -D -m 0644 $(word 1,$(subst :, ,$(f))) \
		$(DESTDIR)$(word 2,$(subst :, ,$(f)))$(NEWLINE))
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|/usr/sbin/lispd|$(SBINDIR)/lispd|g' etc/lispd.service \
		>$(DESTDIR)$(UNITDIR)/lispd.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/lispd.service

install-dkms:
	install -d $(DESTDIR)$(DKMSDIR)/kmod $(DESTDIR)$(DKMSDIR)/uapi/linux
	install -m 0644 $(DKMS_TOP_FILES) $(DESTDIR)$(DKMSDIR)/
	install -m 0644 $(DKMS_KMOD_FILES) $(DESTDIR)$(DKMSDIR)/kmod/
	install -m 0644 $(DKMS_UAPI_FILES) $(DESTDIR)$(DKMSDIR)/uapi/linux/

uninstall: uninstall-lispd uninstall-dkms

uninstall-lispd:
	rm -f $(DESTDIR)$(SBINDIR)/lispd $(DESTDIR)$(IPLIBDIR)/link_lisp.so \
		$(DESTDIR)$(UNITDIR)/lispd.service \
		$(foreach f,$(INSTALL_DATA),$(DESTDIR)$(word 2,$(subst :, ,$(f))))
	-rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null
	-rmdir $(DESTDIR)$(IPLIBDIR) 2>/dev/null

# On the running system, DKMS forgets the module first (else it keeps
# a version whose source is gone).
uninstall-dkms:
ifeq ($(DESTDIR),)
	if command -v dkms >/dev/null && [ -n "$$(dkms status lisp/$(VERSION) 2>/dev/null)" ]; then \
		dkms remove lisp/$(VERSION) --all; fi
endif
	rm -rf $(DESTDIR)$(DKMSDIR)

# A newline, for $(foreach) that makes one command per item.
define NEWLINE


endef
