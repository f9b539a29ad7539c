-- Drives apkbuild-language-server from Neovim 0.7 (headless, no user config) the way a user's
-- config would: attach to an APKBUILD, wait for the diagnostics, ask for the fix-all code
-- action, apply its edit and save. Writes what it saw as JSON to $E2E_RESULT.
-- Run: E2E_FILE=... E2E_RESULT=... E2E_SERVER=server/out/server.js \
--      nvim --headless -u NONE -c 'luafile test/e2e/clients/neovim.lua'
local file = assert(os.getenv('E2E_FILE'), 'E2E_FILE: the APKBUILD to open')
local result_path = assert(os.getenv('E2E_RESULT'), 'E2E_RESULT: where to write the JSON result')
local server = assert(os.getenv('E2E_SERVER'), 'E2E_SERVER: the server bundle')
local node = os.getenv('E2E_NODE') or 'node'
local FIX_ALL = 'source.fixAll.apkbuild'
local TIMEOUT_MS = 60000

local function finish(result)
  local out = assert(io.open(result_path, 'w'))
  out:write(vim.fn.json_encode(result))
  out:close()
  vim.cmd(result.error and 'cquit 1' or 'qall!')
end

-- Every publishDiagnostics the server sent for the file, in order, with the document version it
-- is for: the server publishes again when its sources load, which can come after an edit.
local published = {}

local function codes(diagnostics)
  local list = {}
  for _, d in ipairs(diagnostics) do
    table.insert(list, { code = d.code, line = d.range.start.line + 1 })
  end
  return list
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  local client_id = vim.lsp.start_client({
    name = 'apkbuild',
    cmd = { node, server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(_, params)
        if params.uri == uri then
          table.insert(published, { version = params.version or -1, diagnostics = params.diagnostics })
        end
      end,
    },
  })
  assert(client_id, 'the server did not start')
  vim.lsp.buf_attach_client(bufnr, client_id)

  local function wait_for(what, predicate)
    if not vim.wait(TIMEOUT_MS, predicate, 50) then error('timed out waiting for ' .. what) end
  end
  wait_for('diagnostics', function()
    return #published > 0 and #published[#published].diagnostics > 0
  end)
  local before = published[#published].diagnostics

  local client = vim.lsp.get_client_by_id(client_id)
  local last_line = vim.api.nvim_buf_line_count(bufnr)
  local response = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = last_line, character = 0 } },
    context = { diagnostics = before, only = { FIX_ALL } },
  }, TIMEOUT_MS, bufnr)
  assert(response and not response.err, 'codeAction failed: ' .. vim.inspect(response))
  local actions = response.result or {}
  local titles = {}
  for _, action in ipairs(actions) do table.insert(titles, { title = action.title, kind = action.kind }) end
  assert(#actions == 1, 'expected one fix-all action, got ' .. #actions)

  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding or 'utf-16')
  vim.cmd('silent write')
  -- The edit goes to the server as didChange; wait for the diagnostics of the new text.
  local fixed = vim.lsp.util.buf_versions[bufnr]
  wait_for('diagnostics after the fix', function()
    return #published > 0 and published[#published].version >= fixed
  end)

  finish({
    before = codes(before),
    actions = titles,
    after = codes(published[#published].diagnostics),
  })
end

local ok, err = pcall(run)
if not ok then finish({ error = tostring(err) }) end
