;;; eglot.el --- drive apkbuild-language-server from Emacs 28 with eglot -*- lexical-binding: t -*-
;; Run in batch (not -Q, so Debian's elpa-eglot is on the load path):
;;   E2E_FILE=... E2E_RESULT=... E2E_SERVER=server/out/server.js \
;;     emacs --batch -l test/e2e/clients/eglot.el
;; Opens the APKBUILD in a mode managed by eglot, waits for the diagnostics in flymake, runs the
;; fix-all code action, saves, and writes what it saw as JSON to $E2E_RESULT.

(require 'eglot)
(require 'json)

(defconst e2e-file (getenv "E2E_FILE"))
(defconst e2e-result (getenv "E2E_RESULT"))
(defconst e2e-server (getenv "E2E_SERVER"))
(defconst e2e-node (or (getenv "E2E_NODE") "node"))
(defconst e2e-timeout 60)

(define-derived-mode apkbuild-mode sh-mode "APKBUILD")
(add-to-list 'eglot-server-programs
             `(apkbuild-mode . (,e2e-node ,e2e-server "--stdio")))
;; Batch mode has no one to answer prompts or to look at messages.
(setq eglot-confirm-server-initiated-edits nil
      eglot-sync-connect t
      make-backup-files nil)

(defvar e2e-published-version -1
  "The document version of the last publishDiagnostics for the APKBUILD.
The server publishes again when its sources load, so a count of notifications could take a late
one for the text before the fix; the version says which text they are for.")
(advice-add 'eglot-handle-notification :after
            (lambda (_server method &rest params)
              (when (and (eq method 'textDocument/publishDiagnostics)
                         (string-suffix-p "/APKBUILD" (plist-get params :uri))
                         (integerp (plist-get params :version)))
                (setq e2e-published-version (plist-get params :version)))))

(defun e2e-wait-for (what predicate)
  "Process server output until PREDICATE holds; fail naming WHAT after `e2e-timeout' seconds."
  (let ((deadline (+ (float-time) e2e-timeout)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline)
        (error "Timed out waiting for %s" what))
      (flymake-start)
      (accept-process-output nil 0.05))))

(defun e2e-diagnostics ()
  "The flymake diagnostics of the current buffer, as (code . line) lists for JSON."
  (mapcar (lambda (diag)
            (let* ((lsp (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data diag))))
                   (start (plist-get (plist-get lsp :range) :start)))
              `((code . ,(plist-get lsp :code))
                (line . ,(1+ (plist-get start :line))))))
          (sort (flymake-diagnostics)
                (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))

(defun e2e-write-result (alist)
  (with-temp-file e2e-result
    (insert (json-encode alist))))

(defun e2e-run ()
  (find-file e2e-file)
  (apkbuild-mode)
  (let ((project (cons 'transient (file-name-directory e2e-file))))
    (eglot '(apkbuild-mode) project 'eglot-lsp-server
           (list e2e-node e2e-server "--stdio") "apkbuild"))
  (flymake-mode 1)
  (e2e-wait-for "diagnostics" (lambda () (flymake-diagnostics)))
  (let* ((before (e2e-diagnostics))
         (actions (eglot-code-actions (point-min) (point-max) "source.fixAll.apkbuild")))
    (unless (= (length actions) 1)
      (error "Expected one fix-all action, got %d" (length actions)))
    ;; With one action of the asked kind, eglot applies it without a prompt.
    (eglot-code-actions (point-min) (point-max) "source.fixAll.apkbuild" t)
    (save-buffer)
    ;; The edit reaches the server as didChange; wait for the diagnostics of the new text.
    (let ((fixed eglot--versioned-identifier))
      (e2e-wait-for "diagnostics after the fix"
                    (lambda () (>= e2e-published-version fixed)))
      (flymake-start))
    (e2e-write-result
     `((before . ,(vconcat before))
       (actions . ,(vconcat (mapcar (lambda (a) `((title . ,(plist-get a :title))
                                                  (kind . ,(plist-get a :kind))))
                                    actions)))
       (after . ,(vconcat (e2e-diagnostics)))))))

(condition-case err
    (progn (e2e-run) (kill-emacs 0))
  (error
   (e2e-write-result `((error . ,(error-message-string err))))
   (kill-emacs 1)))
