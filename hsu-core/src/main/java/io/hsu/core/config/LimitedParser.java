package io.hsu.core.config;

import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * Counts nesting, aliases and documents while the composer pulls events, and stops before the
 * composer's recursion can overflow the stack or aliases can multiply the document.
 */
final class LimitedParser implements Parser {
    private final Parser delegate;
    private final YamlOptions options;
    private int depth;
    private int aliases;
    private int documents;

    LimitedParser(Parser delegate, YamlOptions options) {
        this.delegate = delegate;
        this.options = options;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
        return delegate.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
        return delegate.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return delegate.hasNext();
    }

    @Override
    public Event next() {
        Event event = delegate.next();
        switch (event.getEventId()) {
            case SequenceStart:
            case MappingStart:
                if (++depth > options.maxDepth()) {
                    throw new YamlLimitExceeded("nesting is deeper than " + options.maxDepth() + " levels",
                            event.getStartMark().orElse(null));
                }
                break;
            case SequenceEnd:
            case MappingEnd:
                depth--;
                break;
            case Alias:
                if (options.maxAliases() == 0) {
                    throw new YamlLimitExceeded("aliases (*name) are not allowed", event.getStartMark().orElse(null));
                }
                if (++aliases > options.maxAliases()) {
                    throw new YamlLimitExceeded("more than " + options.maxAliases() + " aliases (*name)",
                            event.getStartMark().orElse(null));
                }
                break;
            case DocumentStart:
                if (++documents > 1) {
                    throw new YamlLimitExceeded("a second YAML document starts here; the file must hold exactly one",
                            event.getStartMark().orElse(null));
                }
                break;
            default:
                break;
        }
        return event;
    }
}
