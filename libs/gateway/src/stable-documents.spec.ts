import { parse, type DocumentNode } from 'graphql';
import { useStableDocuments } from './stable-documents';

type OnExecute = (payload: { args: { document: DocumentNode } }) => void;

describe('useStableDocuments', () => {
  const onExecuteOf = (max?: number) => useStableDocuments(max).onExecute as unknown as OnExecute;

  it('gives execution the first document object seen for the same operation text', () => {
    const onExecute = onExecuteOf();
    const first = { document: parse('{ region(code: "440600") { name } }') };
    const again = { document: parse('{ region(code: "440600") { name } }') };
    onExecute({ args: first });
    onExecute({ args: again });
    expect(again.document).toBe(first.document);
  });

  it('keeps different operations apart', () => {
    const onExecute = onExecuteOf();
    const a = { document: parse('{ a: region(code: "440600") { name } }') };
    const b = { document: parse('{ b: region(code: "440600") { name } }') };
    onExecute({ args: a });
    onExecute({ args: b });
    expect(b.document).not.toBe(a.document);
  });

  it('forgets the oldest operation beyond its size', () => {
    const onExecute = onExecuteOf(1);
    const first = parse('{ x: region(code: "440600") { name } }');
    onExecute({ args: { document: first } });
    onExecute({ args: { document: parse('{ y: region(code: "440600") { name } }') } });
    const later = { document: parse('{ x: region(code: "440600") { name } }') };
    onExecute({ args: later });
    expect(later.document).not.toBe(first);
  });
});
